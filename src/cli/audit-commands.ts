import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { GENESIS_HASH } from '../audit/audit-chain.js';
import type { AuditVerification } from '../audit/audit-chain-verifier.js';
import { toAuditNdjson } from '../audit/audit-ndjson.js';
import { auditRangeSchema } from '../audit/audit-range-schema.js';
import { cliSource } from '../audit/audit-source.js';
import { createSqliteAuditChain } from '../audit/sqlite-audit-chain.js';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import { verifyAuditExport } from '../audit/verify-audit-export.js';
import type { Config } from '../config/schema.js';
import { openDatabase, type Db } from '../db/open-database.js';

/**
 * `custodian audit export|verify`: the audit trail as NDJSON with its hash chain, and its
 * verification, either of an export file (offline: no database, no configuration) or of the data
 * directory's database. Exports and database verifications are themselves audited, with the
 * operating-system user as actor and source.
 */
export function addAuditCommands(program: Command, loadConfig: () => Readonly<Config>): void {
  const audit = program.command('audit').description('export and verify the hash-chained audit trail');

  audit
    .command('export')
    .description('write the audit entries of a time range as NDJSON, with prevHash and entryHash')
    .option('--from <time>', 'first entry at or after this date or date-time (default: the first)')
    .option('--to <time>', 'last entry before this date or date-time (default: the last)')
    .requiredOption('--out <file>', 'file to write (refused if it exists)')
    .action(async (options: { from?: string; to?: string; out: string }) => {
      const parsed = auditRangeSchema.safeParse({ from: options.from, to: options.to });
      if (!parsed.success) program.error(`--from/--to: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { exitCode: 2 });
      const range = parsed.data;
      await withDatabase(loadConfig(), async (db) => {
        const log = createSqliteAuditLog(db);
        const exported = await createSqliteAuditChain(db).export(range);
        // The file is created before the export is recorded, so a refused file leaves no false record.
        const file = createWriteStream(options.out, { flags: 'wx' });
        await once(file, 'open');
        const actor = cliSource();
        await log.append({
          actor,
          source: actor,
          action: 'audit.export',
          detail: { from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null, firstSeq: exported.firstSeq, lastSeq: exported.lastSeq, file: resolve(options.out) },
        });
        await pipeline(Readable.from(toAuditNdjson(exported.lines)), file);
        console.error(exported.firstSeq === null ? 'no entries in that range' : `entries ${exported.firstSeq}–${exported.lastSeq} written to ${options.out}`);
      });
    });

  audit
    .command('verify')
    .description('verify an export file offline, or (without a file) the whole chain in the database; exit 1 on any finding')
    .argument('[file]', 'an NDJSON export from `custodian audit export` or GET /api/v1/audit/export')
    .action(async (file: string | undefined) => {
      let result: AuditVerification;
      if (file !== undefined) {
        const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
        result = await verifyAuditExport(lines);
      } else {
        result = await withDatabase(loadConfig(), async (db) => {
          const log = createSqliteAuditLog(db);
          const verification = await createSqliteAuditChain(db).verify();
          const actor = cliSource();
          await log.append({
            actor,
            source: actor,
            action: 'audit.verify',
            detail: { ok: verification.ok, checked: verification.checked, findings: verification.findingCount, lastSeq: verification.lastSeq },
          });
          return verification;
        });
      }
      printVerification(result);
      if (!result.ok) process.exitCode = 1;
    });
}

async function withDatabase<T>(config: Readonly<Config>, work: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(join(resolve(config.dataDir), 'custodian.db'));
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

function printVerification(result: AuditVerification): void {
  for (const finding of result.findings) console.log(finding.message);
  if (result.findingCount > result.findings.length) console.log(`… and ${result.findingCount - result.findings.length} more findings`);
  const span = result.firstSeq === null ? 'no entries' : `entries ${result.firstSeq}–${result.lastSeq}`;
  const start = result.anchor === null ? '' : result.anchor === GENESIS_HASH ? ', from the chain\'s start' : `, anchored at prevHash ${result.anchor}`;
  const head = result.head === null ? '' : `; head ${result.head.seq} ${result.head.entryHash}`;
  console.error(`${result.ok ? 'OK' : 'FAILED'}: ${span}, ${result.checked} checked, ${result.findingCount} findings${start}${head}`);
}
