import type { AttachmentBudget } from '../attachment-budget.js';
import type { TextSink } from '../text-sink.js';
import { ZipReader, type ZipItem } from '../zip/zip-reader.js';
import { paragraphTextHandler } from './paragraph-text-handler.js';
import { sharedStringsHandler, worksheetHandler } from './spreadsheet-handlers.js';
import { streamXml } from './xml-text.js';

/** The Office Open XML formats read here. */
export type OoxmlFormat = 'docx' | 'xlsx' | 'pptx';

/** Thrown when an Office document's package is unusable: its main part is missing or encrypted. */
export class OoxmlUnreadable extends Error {
  override readonly name = 'OoxmlUnreadable';
  constructor(
    message: string,
    readonly encrypted = false,
  ) {
    super(message);
  }
}

/** Parts holding text, in reading order: [pattern, group]. Parts of one group sort by their number. */
const PARTS: Readonly<Record<OoxmlFormat, ReadonlyArray<RegExp>>> = {
  docx: [/^word\/document\.xml$/, /^word\/header(\d*)\.xml$/, /^word\/footer(\d*)\.xml$/, /^word\/footnotes\.xml$/, /^word\/endnotes\.xml$/, /^word\/comments\.xml$/],
  xlsx: [/^xl\/sharedStrings\.xml$/, /^xl\/worksheets\/sheet(\d*)\.xml$/],
  pptx: [/^ppt\/slides\/slide(\d*)\.xml$/, /^ppt\/notesSlides\/notesSlide(\d*)\.xml$/],
};
/** The part a document cannot do without, and its name for the reason. */
const MAIN_PART: Readonly<Record<OoxmlFormat, [RegExp, string]>> = {
  docx: [/^word\/document\.xml$/, 'word/document.xml'],
  xlsx: [/^xl\/worksheets\/sheet\d*\.xml$/, 'xl/worksheets/sheet*.xml'],
  pptx: [/^ppt\/slides\/slide\d*\.xml$/, 'ppt/slides/slide*.xml'],
};

/**
 * Text of a DOCX, XLSX or PPTX: the package is opened as a ZIP and its text-bearing XML parts
 * streamed through saxes in reading order (DOCX body, headers, footers, notes, comments; XLSX
 * sheets with shared strings resolved; PPTX slides in slide order, then speaker notes). Inflated
 * bytes count against the attachment's expansion budget like any archive's.
 */
export async function ooxmlText(format: OoxmlFormat, bytes: Uint8Array, sink: TextSink, budget: AttachmentBudget, signal?: AbortSignal): Promise<void> {
  const zip = await ZipReader.open(bytes);
  try {
    const parts = await textParts(zip, format);
    const [main, mainName] = MAIN_PART[format];
    if (!parts.some((part) => main.test(part.path))) throw new OoxmlUnreadable(`the package has no ${mainName} part`);
    const encrypted = parts.find((part) => part.encrypted);
    if (encrypted) throw new OoxmlUnreadable(`part ${encrypted.path} is encrypted`, true);
    const sharedStrings: string[] = [];
    let previousGroup = -1;
    for (const part of parts) {
      if (sink.full) break;
      signal?.throwIfAborted();
      const group = PARTS[format].findIndex((pattern) => pattern.test(part.path));
      if (group !== previousGroup && previousGroup !== -1) sink.push('\n');
      previousGroup = group;
      // No size cap per part: the attachment's expansion budget bounds them all.
      const chunks = zip.chunks(part, budget, Number.POSITIVE_INFINITY);
      if (part.path === 'xl/sharedStrings.xml') {
        const handler = sharedStringsHandler(sharedStrings, budget.limits.maxTextBytes * 2);
        await streamXml(chunks, handler, () => false);
        if (handler.truncated()) sink.markTruncated();
      } else {
        const handler = format === 'xlsx' ? worksheetHandler(sink, sharedStrings) : paragraphTextHandler(sink);
        await streamXml(chunks, handler, () => sink.full);
        sink.push('\n');
      }
    }
  } finally {
    zip.close();
  }
}

/** The package's text parts, sorted by group, then by part number (slide2 before slide10). */
async function textParts(zip: ZipReader, format: OoxmlFormat): Promise<ZipItem[]> {
  const found: Array<{ item: ZipItem; group: number; number: number }> = [];
  for await (const item of zip.items()) {
    PARTS[format].forEach((pattern, group) => {
      const match = pattern.exec(item.path);
      if (match) found.push({ item, group, number: Number(match[1] || 0) });
    });
  }
  found.sort((a, b) => a.group - b.group || a.number - b.number);
  return found.map(({ item }) => item);
}
