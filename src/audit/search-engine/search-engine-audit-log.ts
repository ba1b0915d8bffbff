import { setTimeout as sleep } from 'node:timers/promises';
import { TaskSlots } from '../../concurrency/task-slots.js';
import { canonicalJson } from '../../integrity/canonical-json.js';
import { SearchEngineUnavailableError, VersionConflictError, type SearchEngine } from '../../search-engine/search-engine.js';
import { auditEntryHash, GENESIS_HASH, type ChainedAuditRecord } from '../audit-chain.js';
import type { AuditEntry, AuditListOptions, AuditLog, AuditRecord } from '../audit-log.js';
import { readAuditHead, walkToHead, type AuditLink } from './audit-head.js';
import { auditAlias, requireAuditDocument, toAuditDocument, withoutLink, type AuditDocument } from './audit-index.js';
import { searchAuditPage } from './audit-pages.js';

export interface SearchEngineAuditLogOptions {
  engine: SearchEngine;
  /** The deployment's index prefix (`search.indexPrefix`); the log lives behind `<prefix>-audit`. */
  indexPrefix: string;
  /**
   * Called each time an append lost the race for a seq to another writer and retries with the
   * next one (metrics, tests). Default: nothing.
   */
  onConflict?: (seq: number) => void;
}

/** Appends in a row that may lose their race before one gives up (each loss is another writer's win). */
const MAX_ATTEMPTS = 64;
/** Entries per search request while listing. */
const LIST_PAGE = 1000;

/**
 * The cluster profile's audit log: one document per entry in `<prefix>-audit`, `_id` = seq, each
 * carrying its hash-chain link (`prevHash`, `entryHash`, computed by `audit-chain.ts` exactly as
 * the SQLite adapter does), so one export and verifier serve both profiles.
 *
 * **Concurrency: optimistic, not a single writer.** Every role (API, workers, scheduler, the CLI)
 * appends, on any number of hosts. A single writer would need a leader election with fencing (and
 * fencing is itself optimistic concurrency), or a hop through the queue, which would make the
 * audit of an API read depend on Redis and let `append` resolve before the entry is durable.
 * Instead the engine arbitrates: an entry is written create-only under `_id` = its seq, hashed
 * over the entry it read at seq − 1. Exactly one writer can create a given seq; a loser gets
 * VersionConflictError, reads the new head (realtime GETs of seq, seq + 1, …) and retries with
 * the next seq over that head. So seqs stay contiguous and every entry hashes its true
 * predecessor, with one write per append and no lock to leak when a process dies. A loss costs
 * one extra round trip and always means another append succeeded, so the log as a whole never
 * stalls; audit traffic (people's actions) is light enough that losses are rare. Within a process
 * appends are queued one at a time, so a process never races itself.
 *
 * A write whose answer was lost (a timeout after the engine applied it, and the client's own
 * retry then meeting 409) is recognised: the seq it conflicts on holds an entry with our hash.
 *
 * **Durability and visibility.** `append` resolves when the engine acknowledged the create, i.e.
 * after the translog fsync (see auditIndexSpec); it does not wait for a refresh, which would add
 * up to a second to every audited request. `list` therefore refreshes the index before it
 * searches: every write acknowledged before the call, from this process or any other, is listed.
 * Reads of the trail are rare (auditor screens, exports), so the refresh is paid where it is cheap.
 */
export class SearchEngineAuditLog implements AuditLog {
  private readonly engine: SearchEngine;
  private readonly alias: string;
  private readonly queue = new TaskSlots(1);
  /** The newest entry this instance knows of; undefined until it has looked. */
  private head: AuditLink | null | undefined;

  constructor(private readonly options: SearchEngineAuditLogOptions) {
    this.engine = options.engine;
    this.alias = auditAlias(options.indexPrefix);
  }

  async append(entry: AuditEntry): Promise<void> {
    // Canonicalised before queueing, so a detail without a JSON form rejects without a write.
    const detail = canonicalJson(entry.detail);
    return this.queue.use(() => this.appendInOrder(entry, detail));
  }

  async list(options: AuditListOptions): Promise<AuditRecord[]> {
    await this.engine.refresh(this.alias);
    const records: AuditRecord[] = [];
    let afterSeq = options.afterSeq ?? 0;
    while (records.length < options.limit) {
      const size = Math.min(options.limit - records.length, LIST_PAGE);
      const hits = await searchAuditPage(this.engine, this.alias, { afterSeq, action: options.action, size });
      for (const hit of hits) {
        const record = requireAuditDocument(hit.id, hit.source);
        records.push(withoutLink(record));
        afterSeq = record.seq;
      }
      if (hits.length < size) break;
    }
    return records;
  }

  private async appendInOrder(entry: AuditEntry, detail: string): Promise<void> {
    let head = this.head === undefined ? await readAuditHead(this.engine, this.alias) : this.head;
    for (let attempt = 1; ; attempt++) {
      const record = this.chainedRecord(entry, detail, head);
      try {
        await this.engine.put(this.alias, String(record.seq), toAuditDocument(record, detail), { create: true });
        this.head = { seq: record.seq, entryHash: record.entryHash };
        return;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
      const taken = await this.engine.get<AuditDocument>(this.alias, String(record.seq));
      if (taken?.source.entryHash === record.entryHash) {
        this.head = { seq: record.seq, entryHash: record.entryHash }; // our own earlier attempt landed
        return;
      }
      this.options.onConflict?.(record.seq);
      if (attempt >= MAX_ATTEMPTS) {
        this.head = undefined;
        throw new SearchEngineUnavailableError(`audit append lost the race for a seq ${attempt} times in a row; try again`);
      }
      head = await walkToHead(this.engine, this.alias, head);
      // Past the first loss, spread the contenders out a little (jitter) so they stop colliding.
      if (attempt > 1) await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
  }

  /** The entry as the next link after `head`, stamped now. */
  private chainedRecord(entry: AuditEntry, detail: string, head: AuditLink | null): ChainedAuditRecord {
    const record: AuditRecord = {
      seq: (head?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      actor: entry.actor,
      action: entry.action,
      source: entry.source,
      // Hashed as read back from the stored canonical text, so the bytes hashed are the bytes kept.
      detail: JSON.parse(detail) as Record<string, unknown>,
    };
    const prevHash = head?.entryHash ?? GENESIS_HASH;
    return { ...record, prevHash, entryHash: auditEntryHash(prevHash, record) };
  }
}
