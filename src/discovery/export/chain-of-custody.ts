import { createPublicKey, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../integrity/canonical-json.js';
import { keyIdOf, type SigningKey } from '../../integrity/signing-key.js';
import { EXPORT_FORMATS } from './export-store.js';

/** The file name of the custody record inside an export directory. */
export const CUSTODY_FILE = 'chain-of-custody.json';

const fileSchema = z.strictObject({ name: z.string(), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** What the appliance signs: who exported what, when, how, and the hash of every file. */
export const custodyStatementSchema = z.strictObject({
  type: z.literal('custodian-export-custody/1'),
  exportId: z.string(),
  requestedBy: z.string(),
  /** Client address of the API request, or `cli:<user>`. */
  requestSource: z.string(),
  requestedAt: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  selection: z.strictObject({ caseId: z.string().nullable(), query: z.string().nullable(), reviewTag: z.string().nullable() }),
  format: z.enum(EXPORT_FORMATS),
  messageCount: z.number().int().nonnegative(),
  /** Every other file of the export: the export file itself and both manifests. */
  files: z.array(fileSchema),
  appliance: z.strictObject({ name: z.string(), keyId: z.string() }),
});
export type CustodyStatement = z.infer<typeof custodyStatementSchema>;

export const custodyRecordSchema = z.strictObject({
  statement: custodyStatementSchema,
  /** Ed25519 by the appliance key over the RFC 8785 canonical JSON of `statement`, base64. */
  signature: z.strictObject({ algorithm: z.literal('Ed25519'), keyId: z.string(), value: z.string() }),
});
export type CustodyRecord = z.infer<typeof custodyRecordSchema>;

/** Signs the statement with the appliance key. */
export function signCustody(statement: CustodyStatement, key: SigningKey): CustodyRecord {
  const value = sign(null, Buffer.from(canonicalJson(statement), 'utf8'), key.privateKey).toString('base64');
  return { statement, signature: { algorithm: 'Ed25519', keyId: key.keyId, value } };
}

/** Problems with the record's signature against `publicKeyPem` (empty when it verifies). */
export function custodySignatureProblems(record: CustodyRecord, publicKeyPem: string): string[] {
  const publicKey = createPublicKey(publicKeyPem);
  const problems: string[] = [];
  const keyId = keyIdOf(publicKey);
  if (record.signature.keyId !== keyId || record.statement.appliance.keyId !== keyId) {
    problems.push(`signed by key ${record.signature.keyId}, not by the given key ${keyId}`);
  }
  const ok = verify(null, Buffer.from(canonicalJson(record.statement), 'utf8'), publicKey, Buffer.from(record.signature.value, 'base64'));
  if (!ok) problems.push('the signature does not verify: the custody record was altered or signed by another key');
  return problems;
}
