import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import { z } from 'zod';
import { syncDirectory, syncFile } from '../fs/sync-directory.js';
import type { SigningKey } from '../integrity/signing-key.js';
import type { RenderedReport, ReportStatement } from './render-report.js';

/** The format tag of a detached report signature (`<file>.pdf.sig.json`). */
export const REPORT_SIGNATURE_FORMAT = 'custodian-report-signature/1';

/**
 * The detached signature written beside every report PDF. The statement and its signature are
 * the ones printed in and embedded into the PDF; `pdf` adds the SHA-256 of the file's bytes and
 * an Ed25519 signature over those bytes, so a copy of the file itself can be checked with nothing
 * but the appliance's public key, even by a tool that cannot read PDF attachments.
 */
export interface ReportSignatureFile {
  format: typeof REPORT_SIGNATURE_FORMAT;
  /** The PDF's file name when it was written. */
  file: string;
  statement: ReportStatement;
  /** base64 Ed25519 signature over the canonical JSON of `statement`. */
  signature: string;
  pdf: {
    sha256: string;
    size: number;
    /** base64 Ed25519 signature over the PDF's bytes. */
    signature: string;
  };
  /** SHA-256 hex of the signing key's SPKI DER. */
  keyId: string;
}

/** What was written: the PDF, its detached signature, and the PDF's digest. */
export interface WrittenReport extends RenderedReport {
  file: string;
  signatureFile: string;
  sha256: string;
  size: number;
}

/**
 * Renders into `<path>.partial`, fsyncs it, reads it back to hash and sign the bytes that are on
 * disk, writes `<path>.sig.json` the same way, and only then renames the PDF into place and
 * fsyncs the directory: a PDF under its final name is complete and has its signature beside it;
 * a crash leaves at most `.partial` files, never a truncated report. The partial files are
 * removed when rendering fails.
 */
export async function writeSignedReport(path: string, key: SigningKey, render: (out: NodeJS.WritableStream) => Promise<RenderedReport>): Promise<WrittenReport> {
  const partial = `${path}.partial`;
  const signatureFile = `${path}.sig.json`;
  const signaturePartial = `${signatureFile}.partial`;
  try {
    const out = createWriteStream(partial, { flags: 'w' });
    // A write error (disk full) fails the render rather than leaving it waiting on a dead stream.
    const writeFailed = new Promise<never>((_resolve, reject) => out.once('error', reject));
    let rendered: RenderedReport;
    try {
      rendered = await Promise.race([render(out), writeFailed]);
      if (!out.writableEnded) out.end();
      await finished(out);
    } catch (error) {
      out.destroy();
      throw error;
    }
    await syncFile(partial);
    const pdf = await readFile(partial);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const signatureJson: ReportSignatureFile = {
      format: REPORT_SIGNATURE_FORMAT,
      file: basename(path),
      statement: rendered.statement,
      signature: rendered.signature,
      pdf: { sha256, size: pdf.length, signature: sign(null, pdf, key.privateKey).toString('base64') },
      keyId: key.keyId,
    };
    await writeDurably(signaturePartial, `${JSON.stringify(signatureJson, null, 2)}\n`);
    await rename(signaturePartial, signatureFile);
    await rename(partial, path);
    await syncDirectory(dirname(path));
    return { ...rendered, file: path, signatureFile, sha256, size: pdf.length };
  } catch (error) {
    await Promise.all([rm(partial, { force: true }), rm(signaturePartial, { force: true })]);
    throw error;
  }
}

const signatureFileSchema = z.object({
  format: z.literal(REPORT_SIGNATURE_FORMAT),
  pdf: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative(), signature: z.string().min(1) }),
  keyId: z.string(),
});

/**
 * Checks a copy of a report PDF against its detached `.sig.json`: the bytes' SHA-256 and the
 * Ed25519 signature over them, with the public key the checker trusts. Returns the problems
 * found (none: the file is the one the appliance signed).
 */
export function verifyDetachedReportSignature(pdf: Buffer, signatureJson: unknown, publicKeyPem: string): string[] {
  const parsed = signatureFileSchema.safeParse(signatureJson);
  if (!parsed.success) return [`not a ${REPORT_SIGNATURE_FORMAT} file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`];
  const problems: string[] = [];
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  if (sha256 !== parsed.data.pdf.sha256) problems.push(`the file's SHA-256 is ${sha256}, the signature file names ${parsed.data.pdf.sha256}`);
  if (!verify(null, pdf, createPublicKey(publicKeyPem), Buffer.from(parsed.data.pdf.signature, 'base64'))) {
    problems.push("the Ed25519 signature over the file does not verify with the given public key");
  }
  return problems;
}

async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
