/**
 * bench:ingest — end-to-end ingest of the 6,046-message SpamAssassin corpus: sent over SMTP on
 * parallel persistent connections to a fresh appliance (child process), until every message is
 * searchable. Reports total msgs/s (first send → last searchable), the p50/p99 latency from each
 * message's `250` to it being searchable, and the appliance's peak RSS. Target ≥ 500 msgs/s.
 *
 * "Searchable" is observed exactly, not by sampling the API: a read-only connection polls the
 * `journal_events` rows every 20 ms; the index writes that row in the same transaction as the
 * message's FTS and address rows, so its commit is the moment the message can be found.
 */
import { startApplianceChild } from './support/appliance-child.js';
import { ArchiveWatch } from './support/archive-watch.js';
import { peakRssMiB } from './support/child-process.js';
import { loadCorpus } from './support/corpus.js';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { formatMs, summarise } from './support/percentiles.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench } from './support/run-bench.js';
import { smtpClient, spoolIdOf } from '../test/support/smtp-client.js';
import { formatTable, markdownTable, type Table } from './support/table.js';
import { benchTempDir } from './support/temp-dir.js';
import { waitFor } from './support/wait-for.js';

/** Parallel SMTP connections (a journaling MTA typically opens a handful to a dozen). */
const CONNECTIONS = 12;
const POLL_MS = 20;
const DRAIN_TIMEOUT_MS = 300_000;
const ENVELOPE = { from: 'journal@bench.example', to: ['archive@bench.example'] };

runBench('ingest', 10 * 60_000, async (cleanup) => {
  const machine = machineInfo();
  console.log(`bench:ingest on ${describeMachine(machine)}`);
  const corpus = loadCorpus();
  const corpusBytes = corpus.reduce((sum, m) => sum + m.wire.length, 0);
  console.log(`corpus: ${corpus.length} messages, ${(corpusBytes / 2 ** 20).toFixed(1)} MiB; ${CONNECTIONS} SMTP connections\n`);

  const dataDir = benchTempDir(cleanup, 'ingest');
  const appliance = await startApplianceChild(cleanup, dataDir);
  const watch = new ArchiveWatch(dataDir);
  cleanup.add('close archive watch', () => watch.close());

  const ackedAt = new Map<string, number>();
  const searchableAt = new Map<string, number>();
  const poll = setInterval(() => {
    const now = performance.now();
    for (const id of watch.newlyArchived()) if (!searchableAt.has(id)) searchableAt.set(id, now);
  }, POLL_MS);
  cleanup.add('stop polling', () => clearInterval(poll));

  const pool = smtpClient({ port: appliance.smtpPort }, { pool: true, maxConnections: CONNECTIONS });
  cleanup.add('close SMTP pool', () => pool.close());
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  // One sender per connection, each taking the next message when its last is answered.
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    for (let i = next++; i < corpus.length; i = next++) {
      const message = corpus[i] as (typeof corpus)[number];
      try {
        const reply = await pool.send(message.wire, ENVELOPE);
        ackedAt.set(spoolIdOf(reply), performance.now());
      } catch (error) {
        failures.push(`${message.name}: ${(error as Error).message}`);
      }
    }
  }));
  const lastAck = performance.now();
  console.log(`sent: ${ackedAt.size} accepted, ${failures.length} refused, in ${((lastAck - started) / 1000).toFixed(1)} s`);

  await waitFor('every accepted message searchable', () => [...ackedAt.keys()].every((id) => searchableAt.has(id)), DRAIN_TIMEOUT_MS, 100);
  clearInterval(poll);
  const lastSearchable = Math.max(...[...ackedAt.keys()].map((id) => searchableAt.get(id) as number));
  const peakRss = await peakRssMiB(appliance.pid);
  const backlog = watch.backlog();

  // Cross-check through the product's front door: the API's search sees the archive.
  const response = await fetch(`${appliance.apiUrl}/api/v1/messages?limit=1`, { headers: { authorization: `Bearer ${appliance.token}` } });
  const apiTotal = ((await response.json()) as { total?: number }).total ?? Number.NaN;

  // The poll sees a commit up to POLL_MS late; a copy seen before its 250 was read counts as 0.
  const latencies = [...ackedAt].map(([id, acked]) => Math.max(0, (searchableAt.get(id) as number) - acked));
  const latency = summarise(latencies);
  const totalS = (lastSearchable - started) / 1000;
  const endToEnd = ackedAt.size / totalS;
  const acceptance = ackedAt.size / ((lastAck - started) / 1000);
  const verdict = endToEnd >= 500 ? 'met' : 'MISSED';

  const table: Table = {
    headers: ['figure', 'value'],
    rows: [
      ['messages accepted (250) / refused', `${ackedAt.size} / ${failures.length}`],
      ['first send → last searchable', `${totalS.toFixed(1)} s`],
      ['end-to-end throughput', `${endToEnd.toFixed(0)} msgs/s`],
      ['SMTP acceptance (first send → last 250)', `${acceptance.toFixed(0)} msgs/s`],
      ['250 → searchable p50', `${formatMs(latency.p50)} ms`],
      ['250 → searchable p99', `${formatMs(latency.p99)} ms`],
      ['250 → searchable max', `${formatMs(latency.max)} ms`],
      ['appliance peak RSS (VmHWM)', `${peakRss ?? 'n/a'} MiB`],
      ['archived copies / dead-lettered', `${backlog.archivedCopies} / ${backlog.dead}`],
      ['distinct messages (API search total)', String(apiTotal)],
    ],
  };
  console.log(`\n${formatTable(table)}\n\nend-to-end ${endToEnd.toFixed(0)} msgs/s (target ≥ 500: ${verdict})`);
  for (const failure of failures.slice(0, 10)) console.log(`refused: ${failure}`);

  writeResultsSection('ingest', [
    '## bench:ingest — SpamAssassin corpus, SMTP in → searchable',
    '',
    '```',
    'npm run bench:ingest',
    '```',
    '',
    `Machine: ${describeMachine(machine)}.`,
    '',
    `${corpus.length} messages (${(corpusBytes / 2 ** 20).toFixed(1)} MiB, mbox \`From \` line stripped, CRLF) sent with nodemailer over`,
    `${CONNECTIONS} persistent connections to a fresh \`custodian start\` child process (default config: 2 worker threads,`,
    'pipeline concurrency 16, gzip blobs, fsync\'d spool). "Searchable" = the message\'s `journal_events` row',
    `committed (same transaction as its FTS and address rows), seen by a read-only connection polling every ${POLL_MS} ms,`,
    'so latencies carry up to that much polling delay.',
    '',
    markdownTable(table),
    '',
    `End-to-end: **${endToEnd.toFixed(0)} msgs/s** (target ≥ 500: ${verdict}).`,
  ].join('\n'));
});
