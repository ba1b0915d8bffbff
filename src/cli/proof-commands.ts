import { createPublicKey } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { cliSource } from '../audit/audit-source.js';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import type { Config } from '../config/schema.js';
import { openDatabase } from '../db/open-database.js';
import { keyIdOf } from '../integrity/signing-key.js';
import { createCheckpointReader } from '../integrity/sqlite/checkpoint-reader.js';
import { createLedgerReader } from '../integrity/sqlite/sqlite-ledger.js';
import { createSqliteProofs } from '../integrity/sqlite/sqlite-proofs.js';
import { verifyProofBundle } from '../integrity/verify-proof-bundle.js';

/**
 * `custodian proof verify|get|public-key`. `verify` needs nothing but files — the bundle, and optionally the
 * original, the appliance's public key and the TSA's CA — so anyone can run it anywhere, offline;
 * it exits 0 only when every check passed. `get` reads a bundle from the data directory's database
 * and is audited as `proof.read`, like the API; `public-key` prints the key verifiers should trust.
 */
export function addProofCommands(program: Command, loadConfig: () => Readonly<Config>): void {
  const proof = program.command('proof').description('inclusion proofs: show that a message was archived unaltered, offline');

  proof
    .command('verify')
    .description('verify a proof bundle without the database; exit 0 only if every check passes')
    .argument('<bundle>', 'proof bundle (JSON), from `custodian proof get` or GET /messages/:id/proof')
    .option('--eml <file>', 'the original message: its SHA-256 must be the message id')
    .option('--public-key <pem>', "the appliance's Ed25519 public key (SPKI PEM) you trust")
    .option('--tsa-ca <pem>', "the CA certificate(s) the time-stamping authority's certificate must chain to")
    .option('--json', 'print the result as JSON')
    .action(async (bundleFile: string, options: { eml?: string; publicKey?: string; tsaCa?: string; json?: boolean }) => {
      let bundle: unknown;
      try {
        bundle = JSON.parse(readFileSync(bundleFile, 'utf8'));
      } catch (error) {
        program.error(`${bundleFile}: not a readable JSON file (${(error as Error).message})`, { exitCode: 2 });
      }
      const result = await verifyProofBundle(bundle, {
        originalBytes: options.eml === undefined ? undefined : readFileSync(options.eml),
        trustedPublicKey: options.publicKey === undefined ? undefined : readFileSync(options.publicKey, 'utf8'),
        tsaCaPem: options.tsaCa === undefined ? undefined : readFileSync(options.tsaCa, 'utf8'),
      });
      if (options.json) {
        console.log(JSON.stringify(result, null, 2));
      } else {
        for (const check of result.checks) console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
        for (const note of result.skipped) console.log(`--   not checked: ${note}`);
        console.log(result.ok ? 'VERIFIED' : 'NOT VERIFIED');
      }
      process.exitCode = result.ok ? 0 : 1;
    });

  proof
    .command('public-key')
    .description("print the appliance's checkpoint-signing public key (SPKI PEM), to hand to whoever verifies proofs")
    .action(() => {
      const config = loadConfig();
      const keyFile = resolve(config.integrity.signingKeyFile ?? join(config.dataDir, 'keys', 'appliance-ed25519.pem'));
      const publicKey = createPublicKey(readFileSync(keyFile, 'utf8'));
      console.log(publicKey.export({ type: 'spki', format: 'pem' }).toString().trimEnd());
      console.error(`key id ${keyIdOf(publicKey)} (SHA-256 of the SPKI DER), from ${keyFile}`);
    });

  proof
    .command('get')
    .description("write a message's proof bundle from the data directory's database")
    .argument('<messageId>', 'archive id: SHA-256 hex of the original')
    .requiredOption('-o, --out <file>', 'where to write the bundle (JSON)')
    .action(async (messageId: string, options: { out: string }) => {
      if (!/^[0-9a-f]{64}$/.test(messageId)) program.error('the message id must be 64 lower-case hex digits', { exitCode: 2 });
      const db = openDatabase(join(resolve(loadConfig().dataDir), 'custodian.db'));
      try {
        const result = await createSqliteProofs(db, createLedgerReader(db), createCheckpointReader(db)).proofFor(messageId);
        if (result.status === 'not-archived') program.error(`the ledger has no archiving of ${messageId}`, { exitCode: 1 });
        if (result.status === 'not-checkpointed') {
          program.error(`${messageId} is ledger entry ${result.seq}, not yet covered by a signed checkpoint; try after the next one`, { exitCode: 1 });
        }
        const source = cliSource();
        await createSqliteAuditLog(db).append({
          actor: source,
          source,
          action: 'proof.read',
          detail: { id: messageId, treeSize: result.bundle.treeSize, leafIndex: result.bundle.leafIndex },
        });
        const out = resolve(options.out);
        writeFileSync(`${out}.tmp`, `${JSON.stringify(result.bundle, null, 2)}\n`);
        renameSync(`${out}.tmp`, out);
        console.error(`wrote the proof of ${messageId} (leaf ${result.bundle.leafIndex} of ${result.bundle.treeSize}) to ${out}`);
      } finally {
        db.close();
      }
    });
}
