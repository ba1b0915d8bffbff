/**
 * bench:cluster-search — query latency of the cluster profile's archive index
 * (`SearchEngineArchiveIndex` on the OpenSearch node) at ≥ 200,000 messages, side by side with
 * the embedded SQLite index on the same documents. Both hold the documents of the search
 * generator (search/vary-document.ts): SQLite the cached archive bench:search builds
 * (search/build-archive.ts), OpenSearch a persistent bench index (`bench-search-<generator>`),
 * loaded once through the adapter's `record` (its reads and writes batched by the adapter) and reused while it holds ≥ 200,000 documents. The
 * same twenty queries (search/queries.ts) run through each index's `search` exactly as bench:search
 * runs them: sorted by received, newest first, 50 per page, with the exact total; warm-up then
 * 30 timed runs (search/time-search.ts). Target: p95 < 100 ms for every query on OpenSearch.
 */
import { pino } from 'pino';
import { messageIndexAlias } from '../src/archive/search-engine/message-index.js';
import { SearchEngineArchiveIndex } from '../src/archive/search-engine/search-engine-archive-index.js';
import { SqliteArchiveIndex } from '../src/archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../src/db/group-commit.js';
import { openDatabase } from '../src/db/open-database.js';
import { parseQuery } from '../src/query/parse-query.js';
import { connectSearchEngine } from '../src/search-engine/connect-search-engine.js';
import { loadSearchIndex } from './cluster/load-search-index.js';
import { describeOpenSearch, openSearchJson, shardsBehind } from './cluster/opensearch-http.js';
import { OPENSEARCH_URL } from './cluster/services.js';
import { MIN_RUNS, QUERY_BUDGET_MS, RUNS, SLOW_WARM_UP_MS, timeSearch, WARM_UP, type SearchTiming } from './search/time-search.js';
import { buildArchive } from './search/build-archive.js';
import { QUERIES } from './search/queries.js';
import { GENERATOR_VERSION } from './search/vary-document.js';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { formatMs, summarise } from './support/percentiles.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench } from './support/run-bench.js';
import { formatTable, markdownTable, type Table } from './support/table.js';

const DOCUMENTS = 200_000;
const LIMIT = 50;
const TARGET_P95_MS = 100;
/** `record` calls in flight while loading (the adapter batches their reads and writes into `_mget` and `_bulk`). */
const LOAD_CONCURRENCY = 32;
/** The persistent bench index: `<prefix>-messages` behind it, kept between runs. */
const INDEX_PREFIX = `bench-search-${GENERATOR_VERSION}`;

interface QueryFigures {
  label: string;
  q: string;
  sqlite: SearchTiming;
  openSearch: SearchTiming;
}

runBench('cluster-search', 90 * 60_000, async (cleanup) => {
  const machine = machineInfo();
  console.log(`bench:cluster-search on ${describeMachine(machine)}`);
  const engine = await connectSearchEngine(
    { nodes: [OPENSEARCH_URL], client: 'opensearch', indexPrefix: INDEX_PREFIX, requestTimeoutMs: 120_000 },
    { logger: pino({ level: 'silent' }) },
  );
  cleanup.add('close the search engine client', () => engine.close());
  const alias = messageIndexAlias(INDEX_PREFIX);
  const openSearch = new SearchEngineArchiveIndex({ engine, indexPrefix: INDEX_PREFIX });
  const loaded = await loadSearchIndex({ engine, index: openSearch, alias, documents: DOCUMENTS, concurrency: LOAD_CONCURRENCY, log: (line) => console.log(line) });
  const loadLine = loadDescription(loaded);
  console.log(loadLine);
  const shape = await indexShape(alias);
  const node = await describeOpenSearch();

  const archive = await buildArchive(DOCUMENTS, (line) => console.log(line));
  console.log(archive.cached ? `SQLite: cached archive ${archive.file}` : `SQLite: built ${archive.file} in ${archive.buildSeconds.toFixed(0)} s`);
  const db = openDatabase(archive.file);
  cleanup.add('close the SQLite archive', () => {
    db.close();
  });
  const sqlite = new SqliteArchiveIndex(db, new GroupCommit(db));
  const sqliteDocuments = await sqlite.count();

  const figures: QueryFigures[] = [];
  for (const { label, q } of QUERIES) {
    const request = { query: parseQuery(q), sort: 'received' as const, order: 'desc' as const, limit: LIMIT, after: null };
    const sqliteTiming = await timeSearch(sqlite, request);
    const openSearchTiming = await timeSearch(openSearch, request);
    figures.push({ label, q, sqlite: sqliteTiming, openSearch: openSearchTiming });
    console.log(`  ${label}: SQLite ${sqliteTiming.total} hits p95 ${formatMs(sqliteTiming.latency.p95)} ms; ` +
      `OpenSearch ${openSearchTiming.total} hits p50 ${formatMs(openSearchTiming.latency.p50)} ms p95 ${formatMs(openSearchTiming.latency.p95)} ms`);
  }

  const table: Table = {
    headers: ['query', 'hits SQLite', 'hits OpenSearch', 'SQLite p50 ms', 'SQLite p95 ms', 'OpenSearch p50 ms', 'OpenSearch p95 ms', 'OpenSearch max ms', 'OpenSearch < 100 ms'],
    numeric: [1, 2, 3, 4, 5, 6, 7],
    rows: figures.map((f) => [
      `${f.label}: ${f.q}`,
      String(f.sqlite.total), String(f.openSearch.total),
      formatMs(f.sqlite.latency.p50), formatMs(f.sqlite.latency.p95),
      formatMs(f.openSearch.latency.p50), formatMs(f.openSearch.latency.p95), formatMs(f.openSearch.latency.max),
      f.openSearch.latency.p95 < TARGET_P95_MS ? 'yes' : 'NO',
    ]),
  };
  const summary = (engineName: string, pick: (f: QueryFigures) => SearchTiming) => {
    const overall = summarise(figures.flatMap((f) => pick(f).samples));
    const worst = Math.max(...figures.map((f) => pick(f).latency.p95));
    const meeting = figures.filter((f) => pick(f).latency.p95 < TARGET_P95_MS).length;
    return `${engineName} (all ${overall.count} timed searches): p50 ${formatMs(overall.p50)} ms, p95 ${formatMs(overall.p95)} ms; ` +
      `worst per-query p95 ${formatMs(worst)} ms; ${meeting}/${figures.length} queries meet p95 < ${TARGET_P95_MS} ms.`;
  };
  const summaries = [summary('OpenSearch', (f) => f.openSearch), summary('SQLite', (f) => f.sqlite)];
  const mismatches = figures.filter((f) => f.sqlite.total !== f.openSearch.total)
    .map((f) => `- ${f.label} (\`${f.q}\`): SQLite ${f.sqlite.total}, OpenSearch ${f.openSearch.total} (${signed(f.openSearch.total - f.sqlite.total)})`);

  console.log(`\n${formatTable(table)}\n\n${summaries.join('\n')}`);
  if (mismatches.length > 0) console.log(`\nhit counts that differ:\n${mismatches.join('\n')}`);

  writeResultsSection('cluster-search', [
    '## bench:cluster-search — query latency at 200,000 messages, OpenSearch beside SQLite',
    '',
    '```',
    'npm run bench:cluster-search',
    '```',
    '',
    `Machine: ${describeMachine(machine)}. ${node}, single node on the same machine (\`scripts/opensearch/run.sh\`),`,
    'reached over HTTP on 127.0.0.1 through the product\'s client (`connectSearchEngine`, opensearch).',
    '',
    `Both indices hold the ${DOCUMENTS.toLocaleString('en')} documents of bench:search's generator (search/vary-document.ts: SpamAssassin`,
    'corpus text, parsed once by the parse stage, with generated participants, dates and ids; seeded, so both hold the same',
    `documents). SQLite: the cached archive of bench:search (${sqliteDocuments} messages, \`SqliteArchiveIndex\`, in the page cache).`,
    `OpenSearch: alias \`${alias}\` (${loaded.documents} documents, ${shape}), ${loadLine}`,
    `Each query runs through each index's \`search({ sort: 'received', order: 'desc', limit: ${LIMIT}, after: null })\` — the`,
    'exact total and the first page, as the API asks — SQLite first, then OpenSearch: ' +
      `${WARM_UP} warm-up runs (1 if slower than ${SLOW_WARM_UP_MS} ms), then ${RUNS} timed runs (fewer, at least ${MIN_RUNS}, once`,
    `${QUERY_BUDGET_MS / 1000} s are spent), timed from the call to its resolution (for OpenSearch: HTTP, the engine's query with`,
    '`track_total_hits: true`, the JSON answer).',
    '',
    markdownTable(table),
    '',
    ...summaries.map((s) => `${s}`),
    ...(mismatches.length > 0
      ? ['', 'Queries whose hit counts differ between the engines (the same documents, so these are differences in what a query means):', '', ...mismatches]
      : ['', 'Every query finds the same number of messages on both engines.']),
  ].join('\n'));
});

function loadDescription(loaded: Awaited<ReturnType<typeof loadSearchIndex>>): string {
  const load = loaded.load;
  if (load === null) return 'reused from an earlier run (its load was not recorded).';
  const rate = (load.loaded / load.seconds).toFixed(0);
  const how = `${load.loaded} documents \`record\`ed in ${load.seconds.toFixed(0)} s (**${rate} docs/s**, ${load.concurrency} in flight, ${load.retries ?? 0} retried after a transient refusal)`;
  return loaded.cached ? `reused from an earlier run, whose load took ${how} on ${load.machine}.` : `loaded in this run: ${how}.`;
}

/** Segments and size of the index behind the alias, as the searches meet it. */
async function indexShape(alias: string): Promise<string> {
  const stats = await openSearchJson<{ _all: { primaries: { segments?: { count?: number }; store?: { size_in_bytes?: number } } } }>(
    'GET', `/${encodeURIComponent(alias)}/_stats/segments,store`);
  const p = stats._all.primaries;
  const shards = (await shardsBehind(alias)).reduce((sum, index) => sum + index.shards, 0);
  return `${shards} primary shard${shards === 1 ? '' : 's'}, ${p.segments?.count ?? '?'} segments, ${((p.store?.size_in_bytes ?? 0) / 2 ** 20).toFixed(0)} MiB`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
