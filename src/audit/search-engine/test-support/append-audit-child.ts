/**
 * Child process for the many-processes audit test: connects to the engine with a client of its
 * own, says `ready`, waits for `go` on stdin (so all children start together), appends `count`
 * entries as writer `writer` and says `done <races lost>`.
 * Usage: node append-audit-child.js <engine url> <index prefix> <writer> <count>
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { connectSearchEngine } from '../../../search-engine/connect-search-engine.js';
import { SearchEngineAuditLog } from '../search-engine-audit-log.js';

const [url, indexPrefix, writer, count] = process.argv.slice(2);
if (url === undefined || indexPrefix === undefined || writer === undefined || count === undefined) {
  throw new Error('usage: append-audit-child <engine url> <index prefix> <writer> <count>');
}
const engine = await connectSearchEngine(
  { nodes: [url], client: 'opensearch', indexPrefix, requestTimeoutMs: 30_000 },
  { logger: pino({ level: 'silent' }) },
);
let lost = 0;
const log = new SearchEngineAuditLog({ engine, indexPrefix, onConflict: () => lost++ });
const input = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await once(input, 'line');
// Fired together, as a process serving many requests would.
await Promise.all(Array.from({ length: Number(count) }, (_, n) =>
  log.append({ actor: `writer-${writer}`, action: 'search', source: 'system', detail: { writer: Number(writer), n } })));
process.stdout.write(`done ${lost}\n`);
input.close();
await engine.close();
