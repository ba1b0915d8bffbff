import type { Cleanup } from '../support/run-bench.js';
import { benchTempDir } from '../support/temp-dir.js';
import type { PeerName, RunningPeer } from './peer.js';
import { startRspamd } from './rspamd.js';
import { startSpamd } from './spamd.js';

export const PEER_NAMES = ['rspamd', 'spamassassin'] as const satisfies readonly PeerName[];

/**
 * Starts one peer with its configuration, state and log in a fresh temporary directory that
 * `cleanup` removes after stopping it. Throws PeerMissing when the peer is not installed.
 */
export function startPeer(cleanup: Cleanup, name: PeerName): Promise<RunningPeer> {
  const dir = benchTempDir(cleanup, name);
  return name === 'rspamd' ? startRspamd(cleanup, dir) : startSpamd(cleanup, dir);
}
