import type { ChainedAuditRecord } from './audit-chain.js';

/** Export records as NDJSON lines (`\n`-terminated), keys in the documented order. */
export async function* toAuditNdjson(records: AsyncIterable<ChainedAuditRecord>): AsyncGenerator<string> {
  for await (const { seq, at, actor, action, source, detail, prevHash, entryHash } of records) {
    yield `${JSON.stringify({ seq, at, actor, action, source, detail, prevHash, entryHash })}\n`;
  }
}
