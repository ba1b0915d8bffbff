import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const run = promisify(execFile);

/** Runs `write` against a new file in a fresh temporary directory and returns the file's path. */
export async function writePdf(write: (out: NodeJS.WritableStream) => Promise<void>): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'custodian-pdf-')), 'out.pdf');
  await write(createWriteStream(file));
  return file;
}

/** Text of the PDF (or of one page) as poppler's `pdftotext` extracts it. */
export async function pdfText(file: string, options: { page?: number; layout?: boolean } = {}): Promise<string> {
  const args = [...(options.layout === true ? ['-layout'] : []), ...(options.page === undefined ? [] : ['-f', String(options.page), '-l', String(options.page)]), file, '-'];
  return (await run('pdftotext', args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
}

/** Number of pages, from `pdfinfo`. */
export async function pageCount(file: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [file]);
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1] ?? 0);
}

/** The words of a page with their boxes, from `pdftotext -bbox`. */
export async function wordBoxes(file: string, page: number): Promise<Array<{ word: string; xMin: number; xMax: number }>> {
  const { stdout } = await run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
    word: m[3] as string,
    xMin: Number(m[1]),
    xMax: Number(m[2]),
  }));
}

/** Dark pixels (below mid-grey) of a page rendered by `pdftoppm -r 40 -gray` as a binary PGM. */
export async function darkPixels(file: string, page: number): Promise<number> {
  const { stdout } = await run('pdftoppm', ['-r', '40', '-gray', '-f', String(page), '-l', String(page), file], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(stdout.subarray(0, 64).toString('latin1'));
  if (header === null) throw new Error('pdftoppm did not write a binary PGM');
  const pixels = stdout.subarray(header[0].length);
  let dark = 0;
  for (const value of pixels) if (value < 128) dark += 1;
  return dark;
}

/** The files embedded in the PDF, read back with pdf.js. */
export async function pdfAttachments(file: string): Promise<Map<string, { content: Buffer; description: string | undefined }>> {
  const task = getDocument({ data: new Uint8Array(await readFile(file)), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  const document = await task.promise;
  try {
    const attachments = ((await document.getAttachments()) ?? {}) as Record<string, { filename: string; content: Uint8Array; description?: string }>;
    return new Map(Object.values(attachments).map((a) => [a.filename, { content: Buffer.from(a.content), description: a.description }]));
  } finally {
    await task.destroy();
  }
}
