import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyExport } from '../discovery/export/verify-export.js';

/** Exit statuses: an intact export, one with findings, one that could not be checked. */
const EXIT_INTACT = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;

/**
 * `custodian export verify <dir> [--public-key <pem file>]`: reads an export directory back
 * offline (no data directory, no appliance needed), as counsel or a court's expert would: custody
 * record and its signature, every file's size and SHA-256, both manifests, and every message
 * re-imported and hashed. Exit 0 intact, 1 findings, 2 the check could not run.
 */
export function addExportCommands(program: Command): void {
  const exportCommand = program.command('export').description('e-discovery exports');
  exportCommand
    .command('verify <dir>')
    .description('re-import an export directory and check it against its manifests and signed chain-of-custody record; exit 0 intact, 1 findings, 2 error')
    .option('--public-key <pem>', "the appliance's public key (SPKI PEM file); without it the signature is not checked")
    .action(async (dir: string, options: { publicKey?: string }) => {
      process.exitCode = await verify(dir, options.publicKey).catch((error: unknown) => {
        console.error(`export verify: ${error instanceof Error ? error.message : String(error)}`);
        return EXIT_ERROR;
      });
    });
}

async function verify(dir: string, publicKeyFile: string | undefined): Promise<number> {
  const publicKeyPem = publicKeyFile === undefined ? undefined : await readFile(publicKeyFile, 'utf8');
  const result = await verifyExport(dir, publicKeyPem === undefined ? {} : { publicKeyPem });
  for (const finding of result.findings) console.log(`${finding.kind}\t${finding.subject}\t${finding.detail}`);
  const statement = result.custody?.statement;
  const what = statement === undefined ? dir : `export ${statement.exportId} (${statement.format}, ${statement.messageCount} messages)`;
  const signature = result.signatureChecked ? 'signature verified' : 'signature NOT checked (no --public-key)';
  if (result.findings.length > 0) {
    console.log(`FAILED: ${what}: ${result.findings.length} findings, ${result.messagesChecked} messages re-hashed`);
    return EXIT_FINDINGS;
  }
  console.log(`OK: ${what}: ${result.messagesChecked} messages re-hashed, every file matches, ${signature}`);
  return EXIT_INTACT;
}
