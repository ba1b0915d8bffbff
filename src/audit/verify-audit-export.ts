import { chainedAuditRecordSchema } from './audit-chain.js';
import { AuditChainVerifier, type AuditChainVerifierOptions, type AuditVerification } from './audit-chain-verifier.js';

/**
 * Verifies an NDJSON audit export offline, line by line (constant memory): every entry must hash
 * to its `entryHash` and link to the entry before it. An export may start anywhere in the chain:
 * its first `prevHash` is reported as `anchor` (`GENESIS_HASH` when it starts at the beginning).
 * Blank lines are ignored. Entries cut off the end of an export cannot be noticed from the file
 * alone: compare `head` with a head recorded elsewhere (`options.expectedHead`).
 */
export async function verifyAuditExport(
  lines: AsyncIterable<string> | Iterable<string>,
  options: AuditChainVerifierOptions = {},
): Promise<AuditVerification> {
  const verifier = new AuditChainVerifier(options);
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      verifier.malformed(lineNumber, 'invalid JSON');
      continue;
    }
    const parsed = chainedAuditRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      verifier.malformed(lineNumber, issue === undefined ? 'invalid' : `${issue.path.join('.') || 'line'}: ${issue.message}`);
      continue;
    }
    verifier.entry(parsed.data);
  }
  return verifier.finish();
}
