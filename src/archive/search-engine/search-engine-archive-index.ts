import type { ArchiveDocument, JournalEvent } from '../../domain/archive-record.js';
import type { Classification } from '../../domain/classification.js';
import { incidentIndexSpec } from '../../incidents/search-engine/incident-index.js';
import { SearchEngineIncidentWriter } from '../../incidents/search-engine/search-engine-incident-writer.js';
import { incidentIdOf, incidentsToRaise } from '../../incidents/incidents-to-raise.js';
import type { QueryNode } from '../../query/ast.js';
import { compileToDsl } from '../../query/compile-dsl.js';
import { severityOfRank } from '../../query/severity-rank.js';
import {
  SearchEngineUnavailableError, VersionConflictError, type BulkOperation, type DocVersion, type SearchEngine, type StoredDoc,
} from '../../search-engine/search-engine.js';
import type {
  AggregateBucket, AggregateField, ArchiveIndex, RecordResult, RemovedEntry, SearchHit, SearchRequest, SearchResult, SortField, StoredMessage,
} from '../archive-index.js';
import { aggregateMessages } from './aggregate-messages.js';
import { bulkItemError } from './bulk-item-error.js';
import { MESSAGE_FIELDS as F } from './message-fields.js';
import { messageIndexAlias, messageIndexSpec } from './message-index.js';
import { eventKey, HIT_SOURCE_FIELDS, messageSource, wasNotAnalysed, withEvent, type HitSource, type MessageSource } from './message-source.js';
import { KeyedSerializer } from './keyed-serializer.js';
import { RequestBatcher } from './request-batcher.js';
import { decodeCursor, encodeCursor } from './search-cursor.js';

export interface SearchEngineArchiveIndexOptions {
  engine: SearchEngine;
  /** Prefix of the index aliases (`search.indexPrefix`): messages behind `<prefix>-messages`, incidents `<prefix>-incidents`. */
  indexPrefix: string;
  /**
   * When a write becomes visible to search. Default `false`: within the index's refresh interval
   * (1 s on both engines), which is what "searchable soon after the 250" needs, at full bulk speed.
   * `'wait_for'`: `record` and `delete` resolve only once the change is searchable
   * (read-your-writes, as the contract tests and an interactive re-index need); every write then
   * waits for the next refresh, so a worker's throughput drops to its concurrency per refresh
   * interval — never for ingestion. `true`: refresh right after each write (tests only: it makes
   * a tiny segment per write).
   */
  refresh?: boolean | 'wait_for';
  /**
   * How often `record` re-reads and retries when a concurrent writer changed the message between
   * its read and its write. Default 10; beyond that it throws {@link SearchEngineUnavailableError},
   * so the job is retried later with backoff.
   */
  maxConflictRetries?: number;
  /**
   * How concurrent `record` calls share requests (see `RequestBatcher`): at most `maxBatch`
   * reads or writes per `_mget`/`_bulk` (default 500), at most `maxInFlight` of each under way at
   * once (default 2). Batching is what lets one worker index thousands of messages a second: a
   * single-document write costs a request and a translog fsync of its own.
   */
  batching?: { maxBatch?: number; maxInFlight?: number };
  /** Epoch ms now, for incident times. Default `Date.now`. */
  clock?: () => number;
}

const SORT_FIELD: Readonly<Record<SortField, string>> = {
  received: F.receivedAt,
  sent: F.sentOrReceivedAt,
  size: F.size,
};

/**
 * The cluster ArchiveIndex: one document per archived original in the message index (mapping in
 * message-index.ts, documents built by message-source.ts), id = archive id, and the incidents its
 * classification raises in the incident index.
 *
 * Concurrent writers (any number of workers on any number of hosts): optimistic concurrency.
 * `record` reads the message with a realtime GET and writes it back only if it is unchanged
 * (`if_seq_no`/`if_primary_term`; a new message with `op_type=create`); a conflict means another
 * copy got there first, and the whole step is redone on what it wrote. Nothing is ever lost to a
 * last-writer-wins overwrite, and no coordination beyond the engine is needed. Within one process,
 * copies of the same message take turns (`KeyedSerializer`) rather than conflict.
 *
 * Throughput: the reads and writes of concurrent `record` calls share `_mget` and `_bulk`
 * requests (`RequestBatcher`), and writes are not refreshed one by one (see `refresh`).
 */
export class SearchEngineArchiveIndex implements ArchiveIndex {
  private readonly engine: SearchEngine;
  private readonly index: string;
  private readonly refresh: boolean | 'wait_for';
  private readonly maxConflictRetries: number;
  private readonly clock: () => number;
  private readonly incidents: SearchEngineIncidentWriter;
  private readonly reads: RequestBatcher<string, StoredDoc<MessageSource> | null>;
  private readonly writes: RequestBatcher<BulkOperation, DocVersion | null>;
  private readonly sameMessage = new KeyedSerializer();

  constructor(private readonly options: SearchEngineArchiveIndexOptions) {
    const { engine } = options;
    this.engine = engine;
    this.index = messageIndexAlias(options.indexPrefix);
    this.refresh = options.refresh ?? false;
    this.maxConflictRetries = options.maxConflictRetries ?? 10;
    this.clock = options.clock ?? Date.now;
    this.incidents = new SearchEngineIncidentWriter(options.indexPrefix);
    const batching = { maxBatch: options.batching?.maxBatch ?? 500, maxInFlight: options.batching?.maxInFlight ?? 2 };
    this.reads = new RequestBatcher((ids) => engine.getMany<MessageSource>(this.index, ids), batching);
    this.writes = new RequestBatcher(async (operations) => {
      const results = await engine.bulk(operations, { refresh: this.refresh });
      return results.map((r) => (r.ok ? r.version : bulkItemError(r)));
    }, batching);
  }

  /** Creates or migrates the message and incident indices; idempotent, run at start-up by every role that writes. */
  async ensureIndices(): Promise<void> {
    await this.engine.ensureIndex(messageIndexSpec(this.options.indexPrefix));
    await this.engine.ensureIndex(incidentIndexSpec(this.options.indexPrefix));
  }

  record(document: ArchiveDocument, event: JournalEvent): Promise<RecordResult> {
    return this.sameMessage.run(document.id, () => this.recordRetrying(document, event));
  }

  /** Redoes the read-modify-write while another process's write to the message gets in between. */
  private async recordRetrying(document: ArchiveDocument, event: JournalEvent): Promise<RecordResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.recordOnce(document, event);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        if (attempt >= this.maxConflictRetries) {
          throw new SearchEngineUnavailableError(`message ${document.id} kept changing under concurrent writers; retry later`, { cause: error });
        }
      }
    }
  }

  /**
   * One read-modify-write of the message. Order of writes: the incidents first, then the message.
   * Incident ids are derived from (message, rule) and written create-only, so writing them again
   * changes nothing. A crash or failure between the two leaves incidents whose message is not yet
   * indexed; the copy is still in the spool, the job is retried, and the retry writes the same
   * incidents (no-ops) and then the message. The other order could leave a classified message
   * whose incidents were never raised: the retry would find the copy already recorded and a DLP
   * hit would go unreported — failing open, which an archive with DLP must never do.
   */
  private async recordOnce(document: ArchiveDocument, event: JournalEvent): Promise<RecordResult> {
    const existing = await this.reads.submit(document.id);
    if (!existing) {
      await this.raiseIncidents(document, event.spoolId);
      const source = messageSource(document, event.spoolId, [event]);
      await this.writes.submit({ op: 'index', index: this.index, id: document.id, doc: { ...source }, create: true });
      return { outcome: 'created', classifiedByThisCopy: true, incidentIds: incidentIdsOf(document.id, document.classification) };
    }
    const current = existing.source;
    // A copy that could be analysed improves a record that could not (e.g. after a parse timeout):
    // same bytes, so the same message, now with its text, addresses and classification.
    const upgrade = wasNotAnalysed(current.flags) && !wasNotAnalysed(document.flags.map((f) => f.flag));
    const duplicate = current.eventKeys.includes(eventKey(event));
    let next = current;
    if (upgrade) {
      await this.raiseIncidents(document, event.spoolId);
      next = messageSource(document, event.spoolId, current.events);
    }
    if (!duplicate) next = withEvent(next, event);
    if (next !== current) {
      await this.writes.submit({ op: 'index', index: this.index, id: document.id, doc: { ...next }, ifVersion: existing.version });
    }
    const classifiedByThisCopy = next.classification.spoolId === event.spoolId;
    return {
      outcome: duplicate ? 'duplicate-event' : 'merged',
      classifiedByThisCopy,
      incidentIds: classifiedByThisCopy ? incidentIdsOf(document.id, next.stored.classification) : [],
    };
  }

  /** Writes the incidents the document's classification asks for; one that exists already (409) is left as it is. */
  private async raiseIncidents(document: ArchiveDocument, spoolId: string): Promise<void> {
    const operations = this.incidents.operations(document.id, spoolId, incidentsToRaise(document.classification), this.clock());
    await Promise.all(operations.map((operation) => this.writes.submit(operation).catch((error: unknown) => {
      if (!(error instanceof VersionConflictError)) throw error;
    })));
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const order = request.order;
    const response = await this.engine.search<HitSource>(this.index, {
      query: compileToDsl(request.query),
      sort: [{ [SORT_FIELD[request.sort]]: { order } }, { [F.id]: { order } }],
      size: request.limit,
      _source: [...HIT_SOURCE_FIELDS],
      ...(request.after === null ? {} : { search_after: decodeCursor(request.after, request.sort) }),
    });
    const last = response.hits[response.hits.length - 1];
    return {
      total: response.total,
      hits: response.hits.map((hit) => toHit(hit.source)),
      nextCursor: last && response.hits.length === request.limit ? encodeCursor(request.sort, last.sort) : null,
    };
  }

  aggregate(query: QueryNode, by: AggregateField): Promise<AggregateBucket[]> {
    return aggregateMessages(this.engine, this.index, query, by);
  }

  async get(id: string): Promise<StoredMessage | null> {
    const stored = await this.engine.get<MessageSource>(this.index, id);
    if (!stored) return null;
    const { source } = stored;
    const events = [...source.events].sort((a, b) =>
      Date.parse(a.envelope.receivedAt) - Date.parse(b.envelope.receivedAt) || (a.spoolId < b.spoolId ? -1 : a.spoolId > b.spoolId ? 1 : 0));
    return { document: { ...source.stored, receivedAt: source.receivedAt }, events };
  }

  count(): Promise<number> {
    return this.engine.count(this.index, { match_all: {} });
  }

  /** The incidents the message raised stay: they are records of what happened. */
  async delete(id: string): Promise<RemovedEntry | null> {
    const stored = await this.engine.get<MessageSource>(this.index, id);
    if (!stored) return null;
    const deleted = await this.engine.delete(this.index, id, { refresh: this.refresh });
    return deleted ? { size: stored.source.size, receivedAt: stored.source.receivedAt } : null;
  }
}

/** The incidents a classification asks for, by id: the same ids on every retry of the copy that set it. */
function incidentIdsOf(messageId: string, classification: Classification): string[] {
  return incidentsToRaise(classification).map((seed) => incidentIdOf(messageId, seed.ruleId));
}

function toHit(source: HitSource): SearchHit {
  const c = source.classification;
  return {
    id: source.id,
    messageId: source.messageId,
    subject: source.subject,
    from: source.fromDisplay,
    sentAt: source.sentAt,
    receivedAt: source.receivedAt,
    size: source.size,
    hasAttachment: source.hasAttachment,
    flags: source.flags,
    spamScore: c.spamScore,
    spamVerdict: c.spamVerdict,
    dlpSeverity: severityOfRank(c.dlpSeverity),
    tags: [...c.tags].sort(),
  };
}
