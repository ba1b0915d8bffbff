import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../integrity/canonical-json.js';
import type { SigningKey } from '../integrity/signing-key.js';
import type { ReportData } from './report-data.js';

/** What a report's signature covers; signed as its canonical JSON (RFC 8785). */
export interface ReportStatement {
  format: 'custodian-report/1';
  /** Report definition id. */
  report: string;
  title: string;
  /** ISO-8601, `[from, to)`. */
  period: { from: string; to: string };
  caseId: string | null;
  generatedAt: string;
  generatedBy: string;
  appliance: { name: string; keyId: string };
  /** SHA-256 hex of the canonical JSON of the report's data (`reportDataBytes`). */
  dataSha256: string;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** A statement read back from a report: exactly these fields, nothing more. */
export const reportStatementSchema: z.ZodType<ReportStatement> = z.strictObject({
  format: z.literal('custodian-report/1'),
  report: z.string().min(1),
  title: z.string(),
  period: z.strictObject({ from: z.string(), to: z.string() }),
  caseId: z.string().nullable(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  appliance: z.strictObject({ name: z.string(), keyId: hex64 }),
  dataSha256: hex64,
});

/** The report data as embedded in the PDF: its canonical JSON, UTF-8. What `dataSha256` hashes. */
export function reportDataBytes(data: ReportData): Buffer {
  return Buffer.from(canonicalJson(data), 'utf8');
}

/** The statement as embedded and signed: its canonical JSON, UTF-8. */
export function statementBytes(statement: ReportStatement): Buffer {
  return Buffer.from(canonicalJson(statement), 'utf8');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Ed25519 signature of the statement's canonical bytes with the appliance key, base64. */
export function signStatement(statement: ReportStatement, key: SigningKey): string {
  return sign(null, statementBytes(statement), key.privateKey).toString('base64');
}

/** Whether `signature` (raw Ed25519) signs exactly `signedBytes` under `publicKey`. */
export function signatureMatches(signedBytes: Uint8Array, signature: Uint8Array, publicKey: KeyObject): boolean {
  return publicKey.asymmetricKeyType === 'ed25519' && signature.length === 64 && verify(null, signedBytes, publicKey, signature);
}
