import { createWriteStream, renameSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { lockDataDir } from '../app/data-dir-lock.js';
import { cliSource } from '../audit/audit-source.js';
import type { Config } from '../config/schema.js';
import type { Sweeper } from '../retention/sweep/sweeper.js';

/** A sweeper on the data directory's archive, composed by the application (it owns the adapters). */
export interface OpenedSweeper {
  sweeper: Pick<Sweeper, 'runSweep' | 'candidates' | 'resume'>;
  /** Closes the database and writer; call after the sweep has finished. */
  close(): Promise<void>;
}

export type OpenSweeper = (config: Readonly<Config>) => Promise<OpenedSweeper>;

/** Exit statuses. 75 (EX_TEMPFAIL): the appliance is running; try again, or use the API. */
const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_IN_USE = 75;
/** Dry-run entries read back per page while writing `--out`. */
const PAGE = 5_000;

/**
 * `custodian retention sweep [--dry-run] [--out file]`: runs one sweep on the configured data
 * directory and prints its result (JSON). `--out` (dry run only) writes the list, one JSON object
 * per line, read back a page at a time, so a million candidates never sit in memory.
 *
 * It takes the data-directory lock and refuses (exit 75) while the appliance runs: the appliance
 * sweeps on its own schedule and resumes unfinished runs at start-up, and two processes sweeping
 * and resuming the same runs would each complete the other's deletions. With the appliance
 * running, start a sweep with `POST /api/v1/retention/sweeps` instead.
 */
export function addRetentionCommands(program: Command, loadConfig: () => Readonly<Config>, openSweeper: OpenSweeper): void {
  const retention = program.command('retention').description('retention sweeps: delete expired messages not under hold');

  retention
    .command('sweep')
    .description('delete every expired message not under a legal hold now, leaving tombstones; --dry-run only lists them')
    .option('--dry-run', 'delete nothing: list what a sweep would delete, and count what holds keep')
    .option('-o, --out <file>', 'with --dry-run: write the list here as JSON lines {messageId, policyId, expiresAt, holds}')
    .action(async (options: { dryRun?: boolean; out?: string }) => {
      const dryRun = options.dryRun ?? false;
      if (options.out !== undefined && !dryRun) program.error('--out lists a dry run: add --dry-run', { exitCode: 2 });
      const config = loadConfig();
      let unlock: () => void;
      try {
        unlock = lockDataDir(resolve(config.dataDir));
      } catch (error) {
        console.error(`retention sweep: ${error instanceof Error ? error.message : String(error)}`);
        console.error('while the appliance runs, start a sweep with POST /api/v1/retention/sweeps (admin)');
        process.exitCode = EXIT_IN_USE;
        return;
      }
      try {
        process.exitCode = await sweep(await openSweeper(config), dryRun, options.out);
      } finally {
        unlock();
      }
    });
}

async function sweep(opened: OpenedSweeper, dryRun: boolean, out: string | undefined): Promise<number> {
  const { sweeper } = opened;
  try {
    // Finishes what a crash of the appliance or of an earlier run left (their runs first).
    for (const resumed of await sweeper.resume()) await resumed.done;
    const source = cliSource();
    const run = await sweeper.runSweep({ dryRun, actor: source, source });
    if (out !== undefined && run.status === 'finished') await writeCandidates(opened, run.id, resolve(out));
    console.log(JSON.stringify(run, null, 2));
    return run.status === 'finished' ? EXIT_OK : EXIT_FAILED;
  } finally {
    await opened.close();
  }
}

/** Streams the dry run's list to `file` (written under a temporary name, renamed when complete). */
async function writeCandidates(opened: OpenedSweeper, id: string, file: string): Promise<void> {
  const temporary = `${file}.partial`;
  const stream = createWriteStream(temporary, { mode: 0o600 });
  let after: string | null = null;
  do {
    const page = await opened.sweeper.candidates(id, 'all', PAGE, after);
    for (const candidate of page.candidates) await write(stream, `${JSON.stringify(candidate)}\n`);
    after = page.nextCursor;
  } while (after !== null);
  stream.end();
  await once(stream, 'finish');
  renameSync(temporary, file);
}

async function write(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(line)) await once(stream, 'drain');
}
