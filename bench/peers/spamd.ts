/**
 * SpamAssassin 4.0 (Debian packages `spamassassin spamc spamd sa-compile`) started for bench:rules
 * as ../shared/PEERS.md describes: local rules only (`-L`: no DNS lists, no network tests), two
 * children, no Bayes auto-learning (and no Bayes database, so no Bayes scores), on
 * 127.0.0.1:7830. It runs in the foreground as a child of the benchmark; its log is in `dir`.
 */
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { spawnServer, stopChild } from '../support/child-process.js';
import type { Cleanup } from '../support/run-bench.js';
import { portOpen, waitFor } from '../support/wait-for.js';
import { findExecutable } from './executable.js';
import { PeerMissing, type PeerVerdict, type RunningPeer } from './peer.js';
import { spamcCheck, spamcPing } from './spamc-protocol.js';

export const SPAMD_PORT = 7830;
const CHILDREN = 2;
/**
 * One request per child: measured here, a third connection waiting for a child made spamd
 * slower (2.9 against 5.7 msgs/s on the same 60 messages), not faster.
 */
const CONCURRENCY = CHILDREN;
/** Parsing and compiling SpamAssassin's rule set takes tens of seconds here. */
const START_TIMEOUT_MS = 180_000;

/** Starts spamd with its log under `dir`; throws PeerMissing when it is not installed. */
export async function startSpamd(cleanup: Cleanup, dir: string): Promise<RunningPeer> {
  const spamd = findExecutable('spamd');
  if (!spamd) throw new PeerMissing('spamd is not installed (apt-get install spamassassin spamc spamd sa-compile)');
  if (await portOpen(SPAMD_PORT)) throw new Error(`127.0.0.1:${SPAMD_PORT} is already in use: stop the other spamd first`);

  const args = [
    '-L', '-i', '127.0.0.1', '-p', String(SPAMD_PORT), '-A', '127.0.0.1',
    '-m', String(CHILDREN), `--min-children=${CHILDREN}`, '--min-spare=1', `--max-spare=${CHILDREN}`,
    '--cf=bayes_auto_learn 0', '-s', 'stderr',
    // spamd will not run as root; Debian's package makes this user for it.
    ...(process.getuid?.() === 0 ? ['-u', 'debian-spamd'] : []),
  ];
  const log = join(dir, 'spamd.log');
  const output = openSync(log, 'a');
  const child = spawnServer(cleanup, spamd, args, { stdio: ['ignore', output, output] });
  closeSync(output);
  await waitFor('spamd answering PING', () => {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`spamd exited while starting; see ${log}`);
    return spamcPing(SPAMD_PORT);
  }, START_TIMEOUT_MS, 250);

  return {
    name: 'spamassassin',
    concurrency: CONCURRENCY,
    setup:
      `SpamAssassin 4.0.1 spamd, stock Debian rules (sa-compiled), local tests only (-L), ${CHILDREN} children, ` +
      `no Bayes database, bayes_auto_learn 0; SPAMC/1.5 CHECK over TCP with ${CONCURRENCY} in flight; spam = its Spam: True (score >= 5)`,
    check: async (raw: Buffer): Promise<PeerVerdict> => {
      const answer = await spamcCheck(SPAMD_PORT, raw);
      return { spam: answer.spam, score: answer.score, detail: `${answer.score} / ${answer.threshold}` };
    },
    stop: () => stopChild(child),
  };
}
