/**
 * Classifies a directory of messages with one peer, started offline for the purpose and stopped
 * afterwards, printing one tab-separated line per message: file, spam|ham|error, score, detail.
 *
 *   npm run build && node dist/bench/peers/classify-dir.js rspamd|spamassassin DIR
 *
 * Files that start with an mbox `From ` line (the SpamAssassin corpus) have it stripped first.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stripMboxFrom } from '../../test/support/smtp-client.js';
import { runBench } from '../support/run-bench.js';
import { classifyAll } from './classify-all.js';
import { PEER_NAMES, startPeer } from './start-peer.js';

const [name, dir] = process.argv.slice(2);
const peer = PEER_NAMES.find((p) => p === name);
if (!peer || !dir) {
  console.error(`usage: classify-dir.js ${PEER_NAMES.join('|')} DIR`);
  process.exit(2);
}

runBench(`peers:${peer}`, 60 * 60_000, async (cleanup) => {
  const files = readdirSync(dir).sort().map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
  const running = await startPeer(cleanup, peer);
  const { outcomes, elapsedMs } = await classifyAll(files.map((f) => stripMboxFrom(readFileSync(f))), running.concurrency, running.check);
  outcomes.forEach((outcome, i) => {
    const fields = outcome.ok
      ? [outcome.verdict.spam ? 'spam' : 'ham', String(outcome.verdict.score), outcome.verdict.detail]
      : ['error', '', outcome.error];
    console.log([files[i], ...fields].join('\t'));
  });
  await running.stop();
  console.error(`${files.length} messages in ${(elapsedMs / 1000).toFixed(1)} s (${(files.length / (elapsedMs / 1000)).toFixed(1)} msgs/s); ${running.setup}`);
});
