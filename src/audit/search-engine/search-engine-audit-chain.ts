import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SearchEngine } from '../../search-engine/search-engine.js';
import type { ChainedAuditRecord } from '../audit-chain.js';
import type { AuditChain, AuditExport, AuditExportRange } from '../audit-chain-port.js';
import { AuditChainVerifier, type AuditChainVerifierOptions, type AuditVerification } from '../audit-chain-verifier.js';
import { readAuditHead } from './audit-head.js';
import { auditAlias, readAuditDocument, requireAuditDocument, type AuditDocument } from './audit-index.js';
import { boundarySeq, searchAuditPage } from './audit-pages.js';

export interface SearchEngineAuditChainOptions {
  engine: SearchEngine;
  /** The deployment's index prefix (`search.indexPrefix`); the log lives behind `<prefix>-audit`. */
  indexPrefix: string;
}

/** Entries per search request of an export. */
const EXPORT_BATCH = 500;
/** Entries per search request of a verification. */
const VERIFY_BATCH = 1000;

/**
 * Export, verification and head of the audit chain kept by SearchEngineAuditLog. Each document
 * holds its entry and its link together, so where the SQLite verifier joins two tables this one
 * reads one stream of documents in seq order and hands them to the same AuditChainVerifier.
 * Export and verify refresh first, so they see every append acknowledged before they started.
 */
export class SearchEngineAuditChain implements AuditChain {
  private readonly engine: SearchEngine;
  private readonly alias: string;

  constructor(options: SearchEngineAuditChainOptions) {
    this.engine = options.engine;
    this.alias = auditAlias(options.indexPrefix);
  }

  async export(range: AuditExportRange): Promise<AuditExport> {
    await this.engine.refresh(this.alias);
    const from = range.from === undefined ? { match_all: {} } : { range: { at: { gte: range.from.toISOString() } } };
    const to = range.to === undefined ? { match_all: {} } : { range: { at: { lt: range.to.toISOString() } } };
    const firstSeq = await boundarySeq(this.engine, this.alias, from, 'asc');
    const lastSeq = await boundarySeq(this.engine, this.alias, to, 'desc');
    if (firstSeq === null || lastSeq === null || firstSeq > lastSeq) {
      return { firstSeq: null, lastSeq: null, lines: this.lines(1, 0) }; // an empty seq range: no lines
    }
    return { firstSeq, lastSeq, lines: this.lines(firstSeq, lastSeq) };
  }

  async verify(options: AuditChainVerifierOptions & { onProgress?: (checked: number) => void } = {}): Promise<AuditVerification> {
    const { onProgress, ...verifierOptions } = options;
    const verifier = new AuditChainVerifier({ ...verifierOptions, fromGenesis: true });
    await this.engine.refresh(this.alias);
    let afterSeq = 0;
    let visited = 0;
    for (;;) {
      const hits = await searchAuditPage(this.engine, this.alias, { afterSeq, size: VERIFY_BATCH });
      for (const hit of hits) visit(verifier, hit.id, hit.source);
      visited += hits.length;
      if (hits.length > 0) onProgress?.(visited);
      if (hits.length < VERIFY_BATCH) return verifier.finish();
      afterSeq = (hits.at(-1) as { source: AuditDocument }).source.seq;
      await yieldToEventLoop();
    }
  }

  head(): Promise<{ seq: number; entryHash: string } | null> {
    return readAuditHead(this.engine, this.alias);
  }

  /** Entries `firstSeq`…`lastSeq`, read lazily in batches. */
  private async *lines(firstSeq: number, lastSeq: number): AsyncGenerator<ChainedAuditRecord> {
    let afterSeq = firstSeq - 1;
    while (afterSeq < lastSeq) {
      const hits = await searchAuditPage(this.engine, this.alias, { afterSeq, throughSeq: lastSeq, size: EXPORT_BATCH });
      for (const hit of hits) yield requireAuditDocument(hit.id, hit.source);
      if (hits.length < EXPORT_BATCH) return;
      afterSeq = (hits.at(-1) as { source: AuditDocument }).source.seq;
    }
  }
}

/**
 * Judges one stored document. A document that is not a readable entry but still carries a valid
 * link lost its entry (reported as missing, and the chain carries on through its link); one
 * without a link was written around the log (unsealed).
 */
function visit(verifier: AuditChainVerifier, id: string, source: AuditDocument): void {
  const read = readAuditDocument(source);
  if ('record' in read) {
    verifier.entry(read.record);
    return;
  }
  const seq = typeof source.seq === 'number' ? source.seq : Number(id);
  if (isHash(source.prevHash) && isHash(source.entryHash)) verifier.linkWithoutEntry(seq, source.prevHash, source.entryHash);
  else verifier.unsealed(seq);
}

function isHash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
