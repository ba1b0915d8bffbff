import { VersionConflictError, type Json, type SearchEngine } from '../../search-engine/search-engine.js';
import {
  IncidentVersionConflictError, InvalidIncidentQueryError,
  type Incident, type IncidentFilter, type IncidentListRequest, type IncidentPage, type IncidentStore, type IncidentUpdate,
} from '../incident-store.js';
import { incidentIndexAlias, incidentIndexSpec, toIncident, type IncidentSource } from './incident-index.js';

export interface SearchEngineIncidentStoreOptions {
  engine: SearchEngine;
  /** Prefix of the index aliases (`search.indexPrefix`); the incidents live behind `<prefix>-incidents`. */
  indexPrefix: string;
  /**
   * When a review becomes visible to `list`. Default `'wait_for'`: `update` resolves once it is
   * (a reviewer expects their change in the next list; reviews are rare, so the wait costs
   * nothing). `true` refreshes at once (tests).
   */
  refresh?: boolean | 'wait_for';
  /** Epoch ms now. Default `Date.now`. */
  clock?: () => number;
}

/**
 * The IncidentStore on the search engine, beside the message index that raises the incidents.
 *
 * Concurrent reviewers: optimistic concurrency. An update reads the incident (realtime GET),
 * checks the port's `version`, and writes it back only if the engine's sequence number is still
 * the one it read (`if_seq_no`/`if_primary_term`); a lost race is an
 * {@link IncidentVersionConflictError} with the version that won, and nothing is written. No
 * single writer is needed, and a reviewer never overwrites a review they have not seen.
 */
export class SearchEngineIncidentStore implements IncidentStore {
  private readonly index: string;
  private readonly clock: () => number;

  constructor(private readonly options: SearchEngineIncidentStoreOptions) {
    this.index = incidentIndexAlias(options.indexPrefix);
    this.clock = options.clock ?? Date.now;
  }

  /** Creates or migrates the incident index; idempotent, run at start-up. */
  ensureIndex(): Promise<void> {
    return this.options.engine.ensureIndex(incidentIndexSpec(this.options.indexPrefix));
  }

  async list(request: IncidentListRequest): Promise<IncidentPage> {
    const response = await this.options.engine.search<IncidentSource>(this.index, {
      query: { bool: { filter: filterClauses(request.filter) } },
      sort: [{ sequence: { order: 'desc' } }, { id: { order: 'desc' } }],
      size: request.limit,
      ...(request.after === null ? {} : { search_after: decodeCursor(request.after) }),
    });
    const last = response.hits[response.hits.length - 1];
    return {
      total: response.total,
      incidents: response.hits.map((hit) => toIncident(hit.source)),
      nextCursor: last !== undefined && response.hits.length === request.limit ? encodeCursor(last.source) : null,
    };
  }

  async get(id: string): Promise<Incident | null> {
    const stored = await this.options.engine.get<IncidentSource>(this.index, id);
    return stored ? toIncident(stored.source) : null;
  }

  async update(id: string, update: IncidentUpdate): Promise<Incident | null> {
    const { engine } = this.options;
    const stored = await engine.get<IncidentSource>(this.index, id);
    if (!stored) return null;
    if (stored.source.version !== update.expectedVersion) throw new IncidentVersionConflictError(id, stored.source.version);
    const now = new Date(this.clock()).toISOString();
    const next: IncidentSource = {
      ...stored.source,
      status: update.status ?? stored.source.status,
      reviewer: update.status === undefined ? stored.source.reviewer : update.actor,
      notes: update.note === undefined ? stored.source.notes : [...stored.source.notes, { at: now, author: update.actor, text: update.note }],
      version: stored.source.version + 1,
      updatedAt: now,
    };
    try {
      await engine.put(this.index, id, { ...next }, { ifVersion: stored.version, refresh: this.options.refresh ?? 'wait_for' });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      // Another reviewer wrote between our read and our write: report the version that won.
      const current = await engine.get<IncidentSource>(this.index, id);
      throw new IncidentVersionConflictError(id, current?.source.version ?? stored.source.version + 1);
    }
    return toIncident(next);
  }
}

function filterClauses(filter: IncidentFilter): Json[] {
  const clauses: Json[] = [];
  const term = (field: string, value: string | undefined) => {
    if (value !== undefined) clauses.push({ term: { [field]: value } });
  };
  term('status', filter.status);
  term('severity', filter.severity);
  term('ruleId', filter.ruleId);
  term('messageId', filter.messageId);
  const created: Record<string, number> = {};
  if (filter.createdFrom !== undefined) created.gte = epochOf(filter.createdFrom);
  if (filter.createdTo !== undefined) created.lt = epochOf(filter.createdTo);
  if (Object.keys(created).length > 0) clauses.push({ range: { createdAt: { ...created, format: 'epoch_millis' } } });
  return clauses;
}

function epochOf(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new InvalidIncidentQueryError(`"${iso}" is not a date and time`);
  return ms;
}

/** search_after cursor: the last incident's (sequence, id), newest first. */
function encodeCursor(source: IncidentSource): string {
  return Buffer.from(JSON.stringify([source.sequence, source.id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || !Number.isSafeInteger(decoded[0]) || typeof decoded[1] !== 'string') {
    throw new InvalidIncidentQueryError('the paging cursor is not one this server issued');
  }
  return [decoded[0] as number, decoded[1]];
}
