import { createPublicKey, type KeyObject } from 'node:crypto';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { keyIdOf } from '../integrity/signing-key.js';
import { REPORT_ATTACHMENTS } from './render-report.js';
import { reportStatementSchema, sha256Hex, signatureMatches, type ReportStatement } from './report-signature.js';

/** The outcome of checking a report PDF; `ok` only when `problems` is empty. */
export interface ReportVerification {
  ok: boolean;
  /** The statement embedded in the report, when it could be read. */
  statement: ReportStatement | null;
  /** Each thing wrong, precisely: what was altered, or which key does not match. */
  problems: string[];
}

/**
 * The files embedded in a PDF, by name (pdf.js `getAttachments`), with nothing from the page
 * content run: no scripts, no fonts.
 *
 * @throws Error from pdf.js when the bytes are not a readable PDF.
 */
export async function readPdfAttachments(pdf: Uint8Array): Promise<Map<string, Buffer>> {
  // pdf.js may take over the array it is given; a copy keeps the caller's bytes intact.
  const task = getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  try {
    const document = await task.promise;
    const attachments = ((await document.getAttachments()) ?? {}) as Record<string, { filename: string; content: Uint8Array }>;
    return new Map(Object.values(attachments).map((file) => [file.filename, Buffer.from(file.content)]));
  } finally {
    await task.destroy();
  }
}

/**
 * Reads a report PDF back (its embedded attachments), re-hashes the data and checks the
 * statement's signature against `publicKeyPem`, the appliance key the verifier trusts.
 */
export async function verifyReportPdf(pdf: Buffer, publicKeyPem: string): Promise<ReportVerification> {
  let files: Map<string, Buffer>;
  try {
    files = await readPdfAttachments(pdf);
  } catch (error) {
    return { ok: false, statement: null, problems: [`not a readable PDF (${(error as Error).message})`] };
  }
  return verifyReportAttachments(files, publicKeyPem);
}

/**
 * The checks of `verifyReportPdf` on attachments already read. With `publicKeyPem` null the
 * signature cannot be checked, which is a problem.
 */
export function verifyReportAttachments(files: ReadonlyMap<string, Buffer>, publicKeyPem: string | null): ReportVerification {
  const problems: string[] = [];
  const fail = (): ReportVerification => ({ ok: false, statement: null, problems });
  const data = files.get(REPORT_ATTACHMENTS.data);
  const statementFile = files.get(REPORT_ATTACHMENTS.statement);
  const signature = files.get(REPORT_ATTACHMENTS.signature);
  if (!data && !statementFile && !signature) {
    problems.push(`no attachments: the PDF carries none of ${REPORT_ATTACHMENTS.data}, ${REPORT_ATTACHMENTS.statement}, ${REPORT_ATTACHMENTS.signature}; it is not a Custodian report, or they were stripped (re-saving or printing a PDF can drop them)`);
    return fail();
  }
  for (const [name, file] of [[REPORT_ATTACHMENTS.data, data], [REPORT_ATTACHMENTS.statement, statementFile], [REPORT_ATTACHMENTS.signature, signature]] as const) {
    if (!file) problems.push(`attachment ${name} is missing`);
  }
  if (!statementFile) return fail();
  const statement = parseStatement(statementFile, problems);
  if (!statement) return fail();

  if (data) {
    const actual = sha256Hex(data);
    if (actual !== statement.dataSha256) problems.push(`data altered: ${REPORT_ATTACHMENTS.data} has SHA-256 ${actual}, the statement says ${statement.dataSha256}`);
  }
  if (publicKeyPem === null) {
    problems.push('signature not checked: no public key was given and the report embeds none');
    return { ok: false, statement, problems };
  }
  const key = parsePublicKey(publicKeyPem, problems);
  if (key && signature) {
    const keyId = keyIdOf(key);
    if (keyId !== statement.appliance.keyId) {
      problems.push(`wrong key: the statement says it was signed by key id ${statement.appliance.keyId}, the key given has id ${keyId}`);
    }
    if (!signatureMatches(statementFile, signature, key)) {
      problems.push(keyId === statement.appliance.keyId
        ? `statement altered: the signature does not verify over ${REPORT_ATTACHMENTS.statement} with key id ${keyId}`
        : `the signature does not verify with the key given (key id ${keyId})`);
    }
  }
  return { ok: problems.length === 0, statement, problems };
}

function parseStatement(bytes: Buffer, problems: string[]): ReportStatement | null {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    problems.push(`statement altered: ${REPORT_ATTACHMENTS.statement} is not JSON`);
    return null;
  }
  const parsed = reportStatementSchema.safeParse(value);
  if (!parsed.success) {
    problems.push(`statement altered: ${REPORT_ATTACHMENTS.statement} is not a report statement (${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')})`);
    return null;
  }
  return parsed.data;
}

function parsePublicKey(pem: string, problems: string[]): KeyObject | null {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType === 'ed25519') return key;
    problems.push(`the public key given is ${key.asymmetricKeyType ?? 'of an unknown type'}, not the appliance's Ed25519 key`);
  } catch (error) {
    problems.push(`the public key given is not a PEM public key (${(error as Error).message})`);
  }
  return null;
}
