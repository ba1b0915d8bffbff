import type { ArchiveDocument, JournalEvent } from '../../domain/archive-record.js';
import type { Classification } from '../../domain/classification.js';
import { incidentIndexSpec } from '../../incidents/search-engine/incident-index.js';
import { SearchEngineIncidentWriter } from '../../incidents/search-engine/search-engine-incident-writer.js';
import { incidentIdOf, incidentsToRaise } from '../../incidents/incidents-to-raise.js';
import type { QueryNode } from '../../query/ast.js';
import { compileToDsl } from '../../query/compile-dsl.js';
import { severityOfRank } from '../../query/severity-rank.js';
import {
  SearchEngineRequestError, SearchEngineUnavailableError, VersionConflictError, type BulkOperation, type DocVersion, type SearchEngine, type StoredDoc,
} from '../../search-engine/search-engine.js';
import type {
  AggregateBucket, AggregateField, ArchiveIndex, RecordResult, RemovedEntry, SearchHit, SearchRequest, SearchResult, SortField, StoredMessage,
} from '../archive-index.js';
import { aggregateMessages } from './aggregate-messages.js';
import { bulkItemError } from './bulk-item-error.js';
import { bulkOperationBytes } from './bulk-operation-bytes.js';
import { fitSource, hasText } from './fit-source.js';
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
   * once (default 2), and at most `maxBytes` of serialized documents per `_bulk` (default
   * {@link DEFAULT_MAX_BULK_BYTES}, 16 MiB; a single larger document goes in a request of its own).
   * Batching is what lets one worker index thousands of messages a second: a single-document
   * write costs a request and a translog fsync of its own. A `_bulk` the engine still refuses
   * for its size (413: a cluster whose `http.max_content_length` is below `maxBytes`) is split in
   * halves and sent again, so no message fails for the size of the others in its request.
   */
  batching?: { maxBatch?: number; maxInFlight?: number; maxBytes?: number };
  /**
   * Largest message document written, serialized, in bytes. Default
   * {@link DEFAULT_MAX_DOCUMENT_BYTES}, 32 MiB. A larger one (up to 4 MiB of body text and 1 MiB
   * per attachment are extracted, so a message with many attachments can exceed it) is indexed
   * with its body and attachment text cut to fit, each keeping its start (`fitSource`), and
   * flagged `text-truncated`; its metadata, addresses, classification and journal events are
   * always indexed whole. A document the engine refuses with 413 even so is cut further, halving
   * its size each time. Keep it below what one request may carry on the cluster: its
   * `http.max_content_length` (100 MB by default) and its `indexing_pressure.memory.limit` (10% of
   * the heap by default: 51 MB on a 512 MB heap, where a 60 MiB document is refused with 429 on
   * every try and would never be indexed).
   */
  maxDocumentBytes?: number;
  /** Epoch ms now, for incident times. Default `Date.now`. */
  clock?: () => number;
}

/** Default `batching.maxBytes`: big enough that batches of ordinary mail are bounded by count, far below `http.max_content_length`. */
export const DEFAULT_MAX_BULK_BYTES = 16 * 1024 * 1024;

/** Default `maxDocumentBytes`: eight times the 4 MiB body text cap, under a 512 MB-heap node's indexing-pressure limit. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

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
 *
 * Size: a `_bulk` carries at most `batching.maxBytes`, a message document at most
 * `maxDocumentBytes` (its text cut to fit and flagged `text-truncated`), and a 413 splits a
 * request or cuts a lone document further: a large message is indexed (only one whose metadata
 * alone is over the engine's limit fails, with 413), and no message fails or is retried for the
 * size of its neighbours.
 */
export class SearchEngineArchiveIndex implements ArchiveIndex {
  private readonly engine: SearchEngine;
  private readonly index: string;
  private readonly refresh: boolean | 'wait_for';
  private readonly maxConflictRetries: number;
  private readonly maxDocumentBytes: number;
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
    this.maxDocumentBytes = positive('maxDocumentBytes', options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES);
    this.clock = options.clock ?? Date.now;
    this.incidents = new SearchEngineIncidentWriter(options.indexPrefix);
    const batching = { maxBatch: options.batching?.maxBatch ?? 500, maxInFlight: options.batching?.maxInFlight ?? 2 };
    this.reads = new RequestBatcher((ids) => engine.getMany<MessageSource>(this.index, ids), batching);
    this.writes = new RequestBatcher(async (operations) => {
      const results = await engine.bulk(operations, { refresh: this.refresh });
      return results.map((r) => (r.ok ? r.version : bulkItemError(r)));
    }, {
      ...batching,
      maxBytes: positive('batching.maxBytes', options.batching?.maxBytes ?? DEFAULT_MAX_BULK_BYTES),
      weigh: bulkOperationBytes,
      isTooLarge,
    });
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
      await this.writeMessage(messageSource(document, event.spoolId, [event]), { create: true });
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
      await this.writeMessage(next, { ifVersion: existing.version });
    }
    const classifiedByThisCopy = next.classification.spoolId === event.spoolId;
    return {
      outcome: duplicate ? 'duplicate-event' : 'merged',
      classifiedByThisCopy,
      incidentIds: classifiedByThisCopy ? incidentIdsOf(document.id, next.stored.classification) : [],
    };
  }

  /**
   * Writes a message document cut to `maxDocumentBytes` (see `fitSource`). When the engine
   * refuses it alone for its size (413), nothing was written: it is cut to half its size and sent
   * again, until it goes through or no text is left to cut. A document whose metadata alone is
   * too large fails with the engine's 413 {@link SearchEngineRequestError}, which no retry cures.
   */
  private async writeMessage(source: MessageSource, write: { create: true } | { ifVersion: DocVersion }): Promise<void> {
    let fitted = fitSource(source, this.maxDocumentBytes);
    for (;;) {
      try {
        await this.writes.submit({ op: 'index', index: this.index, id: source.id, doc: { ...fitted.source }, ...write });
        return;
      } catch (error) {
        if (!isTooLarge(error) || !hasText(fitted.source)) throw error;
        fitted = fitSource(source, Math.floor(fitted.bytes / 2));
      }
    }
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

/** The engine refused a request for its size alone (`http.max_content_length`): nothing in it was applied. */
function isTooLarge(error: unknown): boolean {
  return error instanceof SearchEngineRequestError && error.status === 413;
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive whole number of bytes, not ${value}`);
  return value;
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
