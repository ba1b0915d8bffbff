import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SearchEngineArchiveIndex } from '../../src/archive/search-engine/search-engine-archive-index.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseLimitsOf } from '../../src/pipeline/parse-limits.js';
import { createParseStage } from '../../src/pipeline/stages/parse/index.js';
import { SearchEngineUnavailableError, type SearchEngine } from '../../src/search-engine/search-engine.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadCorpus } from '../support/corpus.js';
import { describeMachine, machineInfo } from '../support/machine-info.js';
import { varyDocument, type ParsedCorpusMessage } from '../search/vary-document.js';

/** Attempts of one `record` before the load gives up (transient refusals only). */
const MAX_ATTEMPTS = 8;

/** Where the figures of the load that filled the cached index are kept (gitignored bench/out/). */
const LOAD_RECORD = fileURLToPath(new URL('../../../bench/out/cluster-search-load.json', import.meta.url));

/** How the documents now in the bench index got there: this run, or an earlier one. */
export interface LoadRecord {
  alias: string;
  documents: number;
  /** Documents `record`ed by the load that finished the index (fewer than `documents` after a resumed load). */
  loaded: number;
  seconds: number;
  concurrency: number;
  /** `record` calls retried after a transient refusal (e.g. 429 from the circuit breaker), as a job would be. */
  retries: number;
  machine: string;
}

export interface LoadedIndex {
  documents: number;
  /** True when the index already held enough documents and nothing was loaded. */
  cached: boolean;
  /** The figures of the load that filled it (this run's, or the recorded one of an earlier run; null if unknown). */
  load: LoadRecord | null;
}

/**
 * Fills the bench index behind `alias` with documents 0..documents-1 of the search generator
 * (search/vary-document.ts: the same documents bench:search puts in SQLite), through the adapter's
 * own `record` — a realtime read, then a create-only write, incidents for the ~4 % with DLP hits;
 * the adapter batches the reads and writes of concurrent calls into `_mget` and `_bulk` — with
 * `concurrency` records in flight; a transient refusal (429, 503) is retried with backoff.
 * Skipped when the alias already holds ≥ `documents`. An interrupted load resumes: records are taken in order, so everything below (count − concurrency)
 * is known to be written, and `record` of a document already there is a no-op (duplicate event).
 */
export async function loadSearchIndex(deps: {
  engine: SearchEngine;
  index: SearchEngineArchiveIndex;
  alias: string;
  documents: number;
  concurrency: number;
  log: (line: string) => void;
}): Promise<LoadedIndex> {
  const { engine, index, alias, documents, concurrency, log } = deps;
  await index.ensureIndices();
  await engine.refresh(alias);
  const present = await index.count();
  if (present >= documents) return { documents: present, cached: true, load: readLoadRecord(alias) };

  const parse = createParseStage(parseLimitsOf(loadConfig({ env: {} }).pipeline));
  const sources: ParsedCorpusMessage[] = [];
  for (const message of loadCorpus()) sources.push({ parsed: await parse(message.wire), size: message.wire.length });
  const first = Math.max(0, present - concurrency);
  log(`loading documents ${first}..${documents - 1} into ${alias} (${present} there), ${concurrency} records in flight`);

  const started = performance.now();
  let next = first;
  let done = 0;
  let retries = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < documents; i = next++) {
      const { document, event } = varyDocument(i, sources[i % sources.length] as ParsedCorpusMessage);
      // A transient refusal is retried with backoff, as the pipeline's job queue would retry the job.
      for (let attempt = 1; ; attempt++) {
        try {
          await index.record(document, event);
          break;
        } catch (error) {
          if (!(error instanceof SearchEngineUnavailableError) || attempt >= MAX_ATTEMPTS) throw error;
          retries += 1;
          if (retries % 100 === 1) log(`  retrying after a transient refusal (${retries} so far): ${error.message.slice(0, 160)}`);
          await sleep(Math.min(30_000, 500 * 2 ** attempt));
        }
      }
      done += 1;
      if (done % 10_000 === 0) {
        const seconds = (performance.now() - started) / 1000;
        log(`  ${first + done} documents, ${seconds.toFixed(0)} s, ${(done / seconds).toFixed(0)} docs/s`);
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  await engine.refresh(alias);
  const count = await index.count();
  const load: LoadRecord = { alias, documents: count, loaded: done, seconds, concurrency, retries, machine: describeMachine(machineInfo()) };
  mkdirSync(fileURLToPath(new URL('.', `file://${LOAD_RECORD}`)), { recursive: true });
  writeFileSync(LOAD_RECORD, `${JSON.stringify(load, null, 2)}\n`);
  return { documents: count, cached: false, load };
}

function readLoadRecord(alias: string): LoadRecord | null {
  if (!existsSync(LOAD_RECORD)) return null;
  try {
    const record = JSON.parse(readFileSync(LOAD_RECORD, 'utf8')) as LoadRecord;
    return record.alias === alias ? record : null;
  } catch {
    return null;
  }
}
