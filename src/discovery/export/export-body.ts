import { PassThrough } from 'node:stream';
import { renderMessagePdf } from '../../reports/pdf/message-pdf.js';
import type { ExportFile, ExportFormat } from './export-store.js';
import { mboxFromLine, mboxMessageBody } from './mbox-format.js';
import { PartialFile } from './partial-file.js';
import { ZipOutput } from './zip-output.js';

/** The export file of each format. */
export const EXPORT_FILE: Record<ExportFormat, string> = { 'eml-zip': 'export.zip', mbox: 'export.mbox', 'pdf-zip': 'export.zip' };

/** One message handed to the export file. */
export interface BodyMessage {
  seq: number;
  archiveId: string;
  raw: Buffer;
  receivedAt: string;
  /** The envelope sender for the mbox `From ` line; null when unknown. */
  sender: string | null;
  reviewTags: string[];
}

/** The export file being written: messages in order, then (ZIP formats) the manifests. */
export interface ExportBody {
  /** Where message `seq` goes inside the export (the manifest's `path`). */
  pathOf(seq: number, archiveId: string): string;
  add(message: BodyMessage): Promise<void>;
  /** Adds the committed manifests (ZIP formats put them inside), commits the export file. */
  commit(manifests: Array<{ name: string; path: string }>): Promise<ExportFile>;
  abandon(): Promise<void>;
}

/** Opens the export file of `format` in `directory`. `mtime` dates the ZIP's manifest entries. */
export async function openExportBody(format: ExportFormat, directory: string, mtime: Date): Promise<ExportBody> {
  const file = await PartialFile.create(directory, EXPORT_FILE[format]);
  if (format === 'mbox') return mboxBody(file);
  return zipBody(file, format, mtime);
}

function mboxBody(file: PartialFile): ExportBody {
  return {
    pathOf: (seq) => `${file.name}#${seq}`,
    async add(message) {
      await file.write(mboxFromLine(message.sender, message.receivedAt));
      for (const part of mboxMessageBody(message.raw)) await file.write(part);
    },
    commit: () => file.commit(),
    abandon: () => file.abandon(),
  };
}

function zipBody(file: PartialFile, format: 'eml-zip' | 'pdf-zip', mtime: Date): ExportBody {
  const zip = new ZipOutput(file);
  const extension = format === 'eml-zip' ? 'eml' : 'pdf';
  const pathOf = (_seq: number, archiveId: string) => `messages/${archiveId}.${extension}`;
  return {
    pathOf,
    async add(message) {
      const name = pathOf(message.seq, message.archiveId);
      // The entry's time is the message's receipt: a re-run of the same export writes the same bytes.
      const options = { mtime: new Date(message.receivedAt) };
      if (format === 'eml-zip') return zip.add(name, message.raw, { ...options, compress: true });
      const pdf = new PassThrough();
      const rendered = renderMessagePdf({ raw: message.raw, archiveId: message.archiveId, receivedAt: message.receivedAt, reviewTags: message.reviewTags }, pdf);
      // PDF streams are already compressed: stored, not deflated again.
      await Promise.all([zip.add(name, pdf, { ...options, compress: false }), rendered]);
    },
    async commit(manifests) {
      for (const manifest of manifests) await zip.addFile(manifest.name, manifest.path, { compress: true, mtime });
      await zip.finish();
      return file.commit();
    },
    abandon: () => file.abandon(),
  };
}
