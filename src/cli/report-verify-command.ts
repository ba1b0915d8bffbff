import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { REPORT_ATTACHMENTS } from '../reports/render-report.js';
import { readPdfAttachments, verifyReportAttachments } from '../reports/verify-report.js';

/**
 * `custodian report verify <file.pdf> [--public-key <pem>]`: checks a report offline — the
 * embedded data against the signed statement's SHA-256, and the statement's signature. With
 * `--public-key` (the appliance key you trust, from `custodian proof public-key`) that proves who
 * signed it; without, the key embedded in the report is used, which proves the report is intact
 * and names the key id to compare. Exit 0 only when verified, 1 when not, 2 when a file cannot be read.
 */
export function addReportVerifyCommand(reportCommand: Command): void {
  reportCommand
    .command('verify')
    .description('verify a report PDF offline: its embedded data and its signature; exit 0 only if both check out')
    .argument('<file>', 'report PDF')
    .option('--public-key <pem>', "the appliance's Ed25519 public key (SPKI PEM) you trust; default: the key embedded in the report")
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { publicKey?: string; json?: boolean }) => {
      let pdf: Buffer;
      let publicKeyPem: string | undefined;
      try {
        pdf = readFileSync(file);
        publicKeyPem = options.publicKey === undefined ? undefined : readFileSync(options.publicKey, 'utf8');
      } catch (error) {
        reportCommand.error(`cannot read ${(error as NodeJS.ErrnoException).path ?? file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { exitCode: 2 });
      }
      let files: Map<string, Buffer>;
      try {
        files = await readPdfAttachments(pdf);
      } catch (error) {
        reportCommand.error(`${file}: not a readable PDF (${(error as Error).message})`, { exitCode: 2 });
      }
      const embedded = files.get(REPORT_ATTACHMENTS.publicKey)?.toString('utf8') ?? null;
      const result = verifyReportAttachments(files, publicKeyPem ?? embedded);
      const note = publicKeyPem === undefined && embedded !== null && result.ok
        ? `checked with the key embedded in the report (key id ${result.statement?.appliance.keyId ?? ''}): the report is intact; to prove which appliance signed it, compare that key id with the appliance's (\`custodian proof public-key\`) or pass --public-key`
        : null;
      if (options.json) {
        console.log(JSON.stringify({ ...result, key: publicKeyPem === undefined ? 'embedded' : 'given', ...(note !== null && { note }) }, null, 2));
      } else {
        if (result.statement) {
          const s = result.statement;
          console.log(`report ${s.report} "${s.title}", period ${s.period.from} to ${s.period.to}${s.caseId === null ? '' : `, case ${s.caseId}`}`);
          console.log(`generated ${s.generatedAt} by ${s.generatedBy} on ${s.appliance.name} (key id ${s.appliance.keyId})`);
        }
        for (const problem of result.problems) console.log(`FAIL ${problem}`);
        if (note !== null) console.log(`note: ${note}`);
        console.log(result.ok ? 'VERIFIED' : 'NOT VERIFIED');
      }
      process.exitCode = result.ok ? 0 : 1;
    });
}
