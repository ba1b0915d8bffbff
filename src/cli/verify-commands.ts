import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliSource } from '../audit/audit-source.js';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import type { Config } from '../config/schema.js';
import { openDataDirVerification } from '../integrity/verify/data-dir-verification.js';
import type { RecordedFinding } from '../integrity/verify/finding.js';
import { runVerification } from '../integrity/verify/run-verification.js';
import type { SqliteVerificationStore } from '../integrity/verify/sqlite-verification-store.js';
import type { CheckProgress } from '../integrity/verify/verification-run.js';

/** Exit statuses: scripts and monitoring tell a clean archive from a damaged one from a run that could not finish. */
const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;
/** Findings read back from the database per page while printing. */
const PAGE = 500;

/**
 * `custodian verify [--json] [--skip-blobs]`: verifies the archive in the configured data
 * directory and prints every finding. Exit 0 clean, 1 findings, 2 the run could not complete.
 *
 * It works beside a running appliance and does not take the data-directory lock (only `start`
 * does, to keep a second appliance off the directory): it only reads the index, ledger, audit
 * log and blobs — WAL lets a second process read while the appliance writes — and its own
 * writes (the run and its findings) are a few small transactions SQLite serialises with the
 * appliance's, as `custodian token` does. Each batch is a short read, so it never holds a
 * snapshot that would stop the appliance's WAL checkpoints for the length of the run.
 */
export function addVerifyCommands(program: Command, loadConfig: () => Readonly<Config>): void {
  program
    .command('verify')
    .description('re-hash every original and check index, blob store, ledger, audit chain and checkpoints; exit 0 clean, 1 findings, 2 error')
    .option('--json', 'print the run and its findings as one JSON document on standard output')
    .option('--skip-blobs', 'skip re-hashing the originals and walking the blob store (minutes instead of hours on a large archive)')
    .action(async (options: { json?: boolean; skipBlobs?: boolean }) => {
      process.exitCode = await verify(loadConfig(), { json: options.json ?? false, skipBlobs: options.skipBlobs ?? false }).catch((error: unknown) => {
        console.error(`verify: ${error instanceof Error ? error.message : String(error)}`);
        return EXIT_ERROR;
      });
    });
}

async function verify(config: Readonly<Config>, options: { json: boolean; skipBlobs: boolean }): Promise<number> {
  const opened = openDataDirVerification(config);
  const { deps, db } = opened;
  const store = deps.store;
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    for (const note of opened.notes) console.error(`verify: ${note}`);
    const actor = `cli:${userInfo().username}`;
    await createSqliteAuditLog(db).append({ actor, source: cliSource(), action: 'integrity.verify', detail: { skipBlobs: options.skipBlobs } });
    const showProgress = !options.json && process.stderr.isTTY;
    const announced = new Set<string>();
    const summary = await runVerification(
      deps,
      {
        trigger: 'cli', actor, skipBlobs: options.skipBlobs, signal: abort.signal,
        onProgress: (progress) => {
          if (showProgress) process.stderr.write(`\r${progressLine(progress)}\u001b[K`);
          for (const entry of progress) {
            if (entry.state !== 'done' || announced.has(entry.check) || options.json) continue;
            announced.add(entry.check);
            if (showProgress) process.stderr.write('\r\u001b[K');
            console.error(`${entry.check}: ${entry.checked} checked, ${entry.findings} finding${entry.findings === 1 ? '' : 's'}`);
          }
        },
      },
    );
    const run = store.get(summary.id);
    if (options.json) {
      process.stdout.write(`{"run":${JSON.stringify(run)},"findings":[`);
      let first = true;
      for (const finding of pages(store, summary.id)) {
        process.stdout.write(`${first ? '' : ','}\n${JSON.stringify(finding)}`);
        first = false;
      }
      process.stdout.write('\n]}\n');
    } else {
      for (const finding of pages(store, summary.id)) console.log(findingLine(finding));
      const skipped = summary.progress.filter((p) => p.state === 'skipped').map((p) => p.check);
      console.error(`verification ${summary.id}: ${summary.state}, ${summary.findings} finding${summary.findings === 1 ? '' : 's'}${skipped.length ? ` (skipped: ${skipped.join(', ')})` : ''}`);
    }
    if (summary.state === 'abandoned') return EXIT_ERROR;
    return summary.state === 'clean' ? EXIT_CLEAN : EXIT_FINDINGS;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await opened.close();
  }
}

function* pages(store: SqliteVerificationStore, id: string): Generator<RecordedFinding> {
  for (let afterSeq = 0; ;) {
    const page = store.findings(id, { afterSeq, limit: PAGE });
    yield* page;
    const last = page[page.length - 1];
    if (page.length < PAGE || !last) return;
    afterSeq = last.findingSeq;
  }
}

/** `kind  message|entry  detail`, tab-separated, one line per finding: greppable and cut-able. */
function findingLine(finding: RecordedFinding): string {
  const subject = finding.messageId ?? (finding.seq === undefined ? '-' : `entry ${finding.seq}`);
  return [finding.kind, subject, finding.detail].join('\t');
}

function progressLine(progress: readonly CheckProgress[]): string {
  const running = progress.find((p) => p.state === 'running');
  if (!running) return 'verifying…';
  const of = running.total === null ? '' : `/${running.total}`;
  return `${running.check}: ${running.checked}${of}, ${running.findings} finding${running.findings === 1 ? '' : 's'}`;
}
