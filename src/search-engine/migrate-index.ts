import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { EngineTransport } from './engine-transport.js';
import {
  aliasTargets, countDocuments, createIndex, deleteIndex, indicesWithPrefix, parseVersionedIndex, refreshIndex, versionedIndexName,
} from './index-admin.js';
import {
  activityFingerprint, blockWrites, moveAlias, outrankPrimaryTerms, removeDocumentsMissingFrom, sequenceFloor,
} from './migration-steps.js';
import { cancelTask, reindex } from './reindex-task.js';
import { SearchEngineRequestError, type IndexSpec } from './search-engine.js';

/** A catch-up copy this small (documents) ends the rounds before the block. */
const SMALL_CATCH_UP = 1_000;
/** Most catch-up rounds before the block, however much writers keep changing. */
const MAX_CATCH_UP_ROUNDS = 5;

export interface MigrationOptions {
  /** How often a process waiting for another process's migration looks at the alias again. Default 1000 ms. */
  pollMs?: number;
  /**
   * How long another process's migration may show no activity on its new index (nothing copied,
   * scanned, counted or refreshed) before this process starts its own into a fresh index. Default
   * 60 000 ms. Only a matter of wasted work: a takeover is safe even when the other is alive.
   */
  abandonedAfterMs?: number;
  /** Epoch ms now. Default `Date.now`. */
  clock?: () => number;
}

/** What a migration attempt left behind: the alias moved (by this process or another), or re-read it. */
export type MigrationOutcome = 'moved' | 'changed';

/**
 * Migrates `spec.alias` from the older concrete index `from` to a new index of `spec.version`
 * without losing a write, while writers keep writing through the alias and other processes run
 * the same migration. One process copies, into an index it created (creation is atomic: the
 * first one wins); the others wait until the alias has moved.
 *
 * The copying process:
 * 1. raises the new (empty, private) index's primary terms above the old one's (see
 *    `outrankPrimaryTerms`), and notes the old index's sequence-number floor;
 * 2. copies old → new while writers go on writing the old index, then copies what changed meanwhile
 *    (`_seq_no` above the floor noted before the previous copy, overwriting) in rounds until a round
 *    is small, and deletes what the old index no longer has;
 * 3. blocks writes on the old index (writers get a transient error and retry through the alias);
 * 4. copies what changed since the last round, deletes what was deleted since, and checks both
 *    hold as many documents: the new index now equals the frozen old one, document for document;
 * 5. moves the alias in one atomic compare-and-set (`must_exist` on the removal from `from`). The
 *    old index is kept, write-blocked, for rollback.
 *
 * Concurrency: only the creator writes into its new index, so no other process's copy can ever
 * overwrite a write that reached the index through the alias. A waiting process that sees no
 * activity on the new index for `abandonedAfterMs` takes over into a fresh index
 * `<alias>-v<N>-r<k>` (again created atomically), never into the abandoned one, whose orphaned
 * server-side task may still be writing. Whoever moves the alias first wins; a loser's
 * compare-and-set fails, and it deletes its own (never aliased) index. The write block and every
 * copy step are idempotent.
 */
export async function migrateIndex(
  transport: EngineTransport, spec: IndexSpec, from: string, logger: Logger, options: MigrationOptions = {},
): Promise<MigrationOutcome> {
  const pollMs = options.pollMs ?? 1_000;
  const abandonedAfterMs = options.abandonedAfterMs ?? 60_000;
  const clock = options.clock ?? Date.now;
  let seen = { fingerprint: '', at: clock() };
  let takeOver = false;
  for (;;) {
    const attempts = await migrationAttempts(transport, spec);
    if (attempts.length === 0 || takeOver) {
      const attempt = attempts.length === 0 ? 0 : Math.max(...attempts.map((a) => a.attempt)) + 1;
      const target = versionedIndexName(spec.alias, spec.version, attempt);
      if (await createIndex(transport, target, spec)) {
        if (takeOver) logger.warn({ alias: spec.alias, abandoned: attempts.map((a) => a.index), to: target }, 'search index migration by another process shows no progress; taking over into a fresh index (the abandoned one is left for deletion)');
        return copyAndMove(transport, spec, from, target, logger);
      }
    }
    await delay(pollMs);
    const targets = await aliasTargets(transport, spec.alias);
    if (targets.length !== 1 || targets[0] !== from) return 'changed';
    const fingerprint = await activityFingerprint(transport, (await migrationAttempts(transport, spec)).map((a) => a.index));
    if (fingerprint !== seen.fingerprint) seen = { fingerprint, at: clock() };
    takeOver = clock() - seen.at >= abandonedAfterMs;
  }
}

/** The indices named for `spec.version` (any attempt), whether or not a process still works on them. */
async function migrationAttempts(transport: EngineTransport, spec: IndexSpec): Promise<Array<{ index: string; attempt: number }>> {
  const indices = await indicesWithPrefix(transport, versionedIndexName(spec.alias, spec.version));
  return indices.flatMap((index) => {
    const parsed = parseVersionedIndex(spec.alias, index);
    return parsed?.version === spec.version ? [{ index, attempt: parsed.attempt }] : [];
  });
}

/** Steps 1–5 of {@link migrateIndex} into `target`, which this process created and alone writes. */
async function copyAndMove(transport: EngineTransport, spec: IndexSpec, from: string, target: string, logger: Logger): Promise<MigrationOutcome> {
  const context = { alias: spec.alias, from, to: target };
  /** The id of a reindex task that may still be writing into `target`, or `unknown` when its start request failed. */
  let running: string | 'unknown' | null = null;
  let blocked = false;
  const copy = async (query?: Record<string, unknown>) => {
    running = 'unknown';
    const counts = await reindex(transport, { from, to: target, ...(query === undefined ? {} : { query }) }, (task) => {
      running = task;
    });
    running = null;
    return counts;
  };
  /** Deletes from `target` what `from` no longer has, when `target` holds more; resolves to how many. */
  const dropDeleted = async () => {
    await Promise.all([refreshIndex(transport, from), refreshIndex(transport, target)]);
    const [expected, held] = await Promise.all([countDocuments(transport, from), countDocuments(transport, target)]);
    return held > expected ? removeDocumentsMissingFrom(transport, from, target) : 0;
  };
  try {
    logger.info(context, 'search index mapping changed; copying into the new version while writers go on');
    await raisePrimaryTerms(transport, target, from, logger);
    let floor = await sequenceFloor(transport, from);
    await refreshIndex(transport, from);
    const first = await copy();
    // Catch up while writers go on, so that the block lasts only as long as the last changes take to copy.
    for (let round = 1; ; round++) {
      const next = await sequenceFloor(transport, from);
      await refreshIndex(transport, from);
      const counts = await copy(changedSince(floor));
      floor = next;
      if (counts.created + counts.updated <= SMALL_CATCH_UP || round === MAX_CATCH_UP_ROUNDS) break;
    }
    await dropDeleted();
    await blockWrites(transport, from);
    blocked = true;
    logger.info({ ...context, copied: first.created }, 'old search index write-blocked; copying what changed meanwhile');
    await refreshIndex(transport, from);
    const caughtUp = await copy(changedSince(floor));
    const removed = await dropDeleted();
    if (removed > 0) await refreshIndex(transport, target);
    const [expected, copied] = await Promise.all([countDocuments(transport, from), countDocuments(transport, target)]);
    if (copied !== expected) throw new Error(`search index migration ${from} → ${target}: the copy holds ${copied} documents, the old index ${expected}; alias left on ${from}`);
    await raisePrimaryTerms(transport, target, from, logger);
    if (await moveAlias(transport, spec.alias, from, target)) {
      logger.info({ ...context, documents: expected, caughtUp: caughtUp.created + caughtUp.updated, removed }, 'search index alias moved to the new mapping version; the old index is kept, write-blocked');
      return 'moved';
    }
  } catch (error) {
    if (blocked) {
      logger.error({ ...context, err: error }, 'search index migration failed after write-blocking the old index; writers wait until a migration succeeds (any process running ensureIndex retries it) or, once no migration runs, an operator lifts the block to roll back');
    }
    await abandon(transport, spec.alias, target, running, logger).catch((cleanup: unknown) => {
      logger.warn({ ...context, err: cleanup }, 'could not clean up after a failed search index migration; the new index is left for deletion');
    });
    throw error;
  }
  // Another process moved the alias first: this copy is not needed (its tasks have all ended).
  await abandon(transport, spec.alias, target, null, logger);
  return 'changed';
}

/** The documents changed after the sequence-number `floor` (see `sequenceFloor`). */
function changedSince(floor: number): Record<string, unknown> {
  return { range: { _seq_no: { gt: floor } } };
}

/**
 * {@link outrankPrimaryTerms}, as a safeguard that does not stop the migration when the cluster
 * refuses it for good (no privilege to read the cluster state or close an index, closing disabled):
 * a warning then, since a stale conditional write could in rare cases match a copied document's
 * version. Transient failures are thrown (the migration is retried).
 */
async function raisePrimaryTerms(transport: EngineTransport, target: string, from: string, logger: Logger): Promise<void> {
  const context = { index: target, old: from };
  try {
    if (!(await outrankPrimaryTerms(transport, target, from))) logger.warn(context, 'could not raise the new search index\'s primary terms above the old one\'s');
  } catch (error) {
    if (!(error instanceof SearchEngineRequestError)) throw error;
    logger.warn({ ...context, err: error }, 'the cluster refused to raise the new search index\'s primary terms; migrating without that safeguard');
  }
}

/**
 * Deletes this process's new index after a failed or lost attempt, unless the alias points at it
 * (an alias move whose answer was lost did happen) or a task of ours may still write into it
 * (deleting would let the task re-create it from the template; it is left for deletion then).
 */
async function abandon(transport: EngineTransport, alias: string, target: string, running: string | null, logger: Logger): Promise<void> {
  if ((await aliasTargets(transport, alias)).includes(target)) return;
  if (running === 'unknown') {
    logger.warn({ alias, index: target }, 'a copy into the new search index may still be running; the index is left for deletion');
    return;
  }
  if (running !== null) await cancelTask(transport, running);
  await deleteIndex(transport, target);
}
