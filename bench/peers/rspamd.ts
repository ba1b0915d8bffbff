/**
 * rspamd 3.4 (Debian package `rspamd`) started offline for bench:rules, as ../shared/PEERS.md
 * describes, but self-contained: its local configuration, pid file, caches and log live in the
 * directory passed in (via `--var LOCAL_CONFDIR=… RUNDIR=… DBDIR=… LOGDIR=…` on the stock
 * /etc/rspamd/rspamd.conf), so /etc is never written and stopping the child leaves nothing behind.
 * It listens on 127.0.0.1:11333 (normal workers), :11334 (controller) and :11332 (proxy).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { spawnServer, stopChild } from '../support/child-process.js';
import type { Cleanup } from '../support/run-bench.js';
import { portOpen, waitFor } from '../support/wait-for.js';
import { findExecutable } from './executable.js';
import { PeerMissing, type PeerVerdict, type RunningPeer } from './peer.js';
import { RSPAMD_NETWORK_MODULES, RSPAMD_NORMAL_WORKERS, writeRspamdOfflineConfig } from './rspamd-offline-config.js';

export const RSPAMD_PORT = 11333;
/** The actions rspamd takes on mail it judges spam; `no action` and greylisting are not. */
export const RSPAMD_SPAM_ACTIONS: ReadonlySet<string> = new Set(['add header', 'rewrite subject', 'reject']);
/** Two normal workers, each serving several requests at once while others wait on its Lua. */
const CONCURRENCY = 8;
/** Loading the config and compiling its regexps with Hyperscan takes ~20 s here the first time. */
const START_TIMEOUT_MS = 180_000;

const checkv2Result = z.object({ action: z.string(), score: z.number() });

/** Starts rspamd offline with its state under `dir`; throws PeerMissing when it is not installed. */
export async function startRspamd(cleanup: Cleanup, dir: string): Promise<RunningPeer> {
  const rspamd = findExecutable('rspamd');
  if (!rspamd) throw new PeerMissing('rspamd is not installed (apt-get install rspamd)');
  if (await portOpen(RSPAMD_PORT)) throw new Error(`127.0.0.1:${RSPAMD_PORT} is already in use: stop the other rspamd first`);

  writeRspamdOfflineConfig(dir);
  for (const sub of ['run', 'db', 'log']) mkdirSync(join(dir, sub), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // rspamd refuses to run its workers as root; they drop to _rspamd and must read and write here.
  if (asRoot) execFileSync('chown', ['-R', '_rspamd:_rspamd', dir]);
  const vars = { LOCAL_CONFDIR: dir, RUNDIR: join(dir, 'run'), DBDIR: join(dir, 'db'), LOGDIR: join(dir, 'log') };
  const args = [
    '-f', '-c', '/etc/rspamd/rspamd.conf',
    ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}=${value}`]),
    ...(asRoot ? ['-u', '_rspamd', '-g', '_rspamd'] : []),
  ];
  const output = openSync(join(dir, 'stdout.log'), 'a');
  const child = spawnServer(cleanup, rspamd, args, { stdio: ['ignore', output, output] });
  closeSync(output);

  const log = join(dir, 'log', 'rspamd.log');
  const alive = () => {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`rspamd exited while starting; see ${log}`);
  };
  const url = `http://127.0.0.1:${RSPAMD_PORT}`;
  await waitFor('rspamd answering /ping', async () => {
    alive();
    return fetch(`${url}/ping`).then((r) => r.ok, () => false);
  }, START_TIMEOUT_MS, 200);
  // Until Hyperscan has compiled the regexps, workers fall back to slower PCRE: time only the real thing.
  await waitFor('rspamd workers using Hyperscan', () => {
    alive();
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    return (text.match(/\(normal\).*hyperscan database of \d+ regexps has been loaded/g) ?? []).length >= RSPAMD_NORMAL_WORKERS;
  }, START_TIMEOUT_MS, 200);

  return {
    name: 'rspamd',
    concurrency: CONCURRENCY,
    setup:
      `rspamd 3.4, stock rules, ${RSPAMD_NORMAL_WORKERS} normal workers, offline (disabled: ${RSPAMD_NETWORK_MODULES.join(', ')}; ` +
      `no PhishTank; DNS to a closed local port, 0.2 s timeout; no Redis, so no Bayes, greylisting or neural), ` +
      `HTTP /checkv2 with ${CONCURRENCY} requests in flight; spam = action ${[...RSPAMD_SPAM_ACTIONS].map((a) => `"${a}"`).join('/')}`,
    check: async (raw: Buffer): Promise<PeerVerdict> => {
      const response = await fetch(`${url}/checkv2`, { method: 'POST', body: raw });
      if (!response.ok) throw new Error(`rspamd /checkv2 answered HTTP ${response.status}`);
      const result = checkv2Result.parse(await response.json());
      return { spam: RSPAMD_SPAM_ACTIONS.has(result.action), score: result.score, detail: result.action };
    },
    stop: () => stopChild(child),
  };
}
