import { PassThrough } from 'node:stream';
import { renderMessagePdf } from '../../reports/pdf/message-pdf.js';
import type { ExportFile, ExportFormat } from './export-store.js';
import { mboxFromLine, mboxMessageBody } from './mbox-format.js';
import { PartialFile } from './partial-file.js';
import { ZipOutput } from './zip-output.js';

/**
 * Messages per ZIP volume. A ZIP's central directory is written in one go at its end, about 5 KB
 * of memory per entry with zip-stream; volumes keep that bounded whatever the export's size (and
 * keep each file a size that mail gateways and review platforms take).
 */
export const ZIP_VOLUME_MESSAGES = 10_000;

/** The name of export file `volume` (from 1): `export.mbox`; `export.zip`, then `export-2.zip`, `export-3.zip` … */
export function exportFileName(format: ExportFormat, volume: number): string {
  if (format === 'mbox') return 'export.mbox';
  return volume === 1 ? 'export.zip' : `export-${volume}.zip`;
}

/** Whether a file of an export is one of its export files (rather than a manifest or the custody record). */
export function isExportFile(format: ExportFormat, name: string): boolean {
  return format === 'mbox' ? name === 'export.mbox' : /^export(-[1-9][0-9]*)?\.zip$/.test(name);
}

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

/** The export file(s) being written: messages in order, then (ZIP formats) the manifests. */
export interface ExportBody {
  /** Writes one message; resolves to where it went (the manifest's `file` and `path`). */
  add(message: BodyMessage): Promise<{ file: string; path: string }>;
  /** Adds the committed manifests (ZIP formats put them in the last volume), commits the export files. */
  commit(manifests: Array<{ name: string; path: string }>): Promise<ExportFile[]>;
  abandon(): Promise<void>;
}

/** Opens the export file of `format` in `directory`. `mtime` dates the ZIP's manifest entries. */
export async function openExportBody(format: ExportFormat, directory: string, options: { mtime: Date; zipVolumeMessages: number }): Promise<ExportBody> {
  if (format === 'mbox') return mboxBody(await PartialFile.create(directory, exportFileName(format, 1)));
  return zipBody(directory, format, options);
}

function mboxBody(file: PartialFile): ExportBody {
  return {
    async add(message) {
      await file.write(mboxFromLine(message.sender, message.receivedAt));
      for (const part of mboxMessageBody(message.raw)) await file.write(part);
      return { file: file.name, path: `${file.name}#${message.seq}` };
    },
    commit: async () => [await file.commit()],
    abandon: () => file.abandon(),
  };
}

/** ZIP volumes of `zipVolumeMessages` messages each; a volume is committed when the next one opens. */
async function zipBody(directory: string, format: 'eml-zip' | 'pdf-zip', { mtime, zipVolumeMessages }: { mtime: Date; zipVolumeMessages: number }): Promise<ExportBody> {
  const extension = format === 'eml-zip' ? 'eml' : 'pdf';
  const committed: ExportFile[] = [];
  let file = await PartialFile.create(directory, exportFileName(format, 1));
  let zip = new ZipOutput(file);
  let inVolume = 0;
  const nextVolume = async () => {
    await zip.finish();
    committed.push(await file.commit());
    file = await PartialFile.create(directory, exportFileName(format, committed.length + 1));
    zip = new ZipOutput(file);
    inVolume = 0;
  };
  return {
    async add(message) {
      if (inVolume === zipVolumeMessages) await nextVolume();
      inVolume += 1;
      const path = `messages/${message.archiveId}.${extension}`;
      // The entry's time is the message's receipt: a re-run of the same export writes the same bytes.
      const options = { mtime: new Date(message.receivedAt) };
      if (format === 'eml-zip') {
        await zip.add(path, message.raw, { ...options, compress: true });
      } else {
        const pdf = new PassThrough();
        const rendered = renderMessagePdf({ raw: message.raw, archiveId: message.archiveId, receivedAt: message.receivedAt, reviewTags: message.reviewTags }, pdf);
        // A render that fails ends the entry's stream with its error, so the ZIP entry fails too instead of waiting for ever.
        rendered.catch((error: unknown) => pdf.destroy(error instanceof Error ? error : new Error(String(error))));
        // PDF streams are already compressed: stored, not deflated again.
        await Promise.all([zip.add(path, pdf, { ...options, compress: false }), rendered]);
      }
      return { file: file.name, path };
    },
    async commit(manifests) {
      for (const manifest of manifests) await zip.addFile(manifest.name, manifest.path, { compress: true, mtime });
      await zip.finish();
      return [...committed, await file.commit()];
    },
    abandon: async () => {
      zip.destroy();
      await file.abandon();
    },
  };
}
