import PDFDocument from 'pdfkit';
import yazl from 'yazl';

/** Generated attachments for the extraction tests: real files made by pdfkit and yazl. */

/** A PDF with one page per string. `userPassword` makes it need a password to open. */
export function makePdf(pages: readonly string[], options: { userPassword?: string } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ autoFirstPage: false, ...(options.userPassword ? { userPassword: options.userPassword, pdfVersion: '1.7' as const } : {}) });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const text of pages) doc.addPage().text(text);
    doc.end();
  });
}

export interface ZipEntrySpec {
  path: string;
  data: Buffer | string;
  /** Deflate the entry (default true); false stores it. */
  compress?: boolean;
}

/** A ZIP archive of the given entries, in order. */
export function makeZip(entries: readonly ZipEntrySpec[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const entry of entries) {
      zip.addBuffer(Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8'), entry.path, { compress: entry.compress ?? true, mtime: new Date(0) });
    }
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    zip.end();
  });
}

/**
 * Marks every entry of a yazl-made ZIP as encrypted (general-purpose bit 0, in the local and the
 * central headers), as a password-protected archive is; the data itself stays as it was.
 */
export function markEncrypted(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (let offset = 0; offset + 4 <= out.length; offset++) {
    const signature = out.readUInt32LE(offset);
    if (signature === 0x04034b50) out.writeUInt16LE(out.readUInt16LE(offset + 6) | 1, offset + 6);
    else if (signature === 0x02014b50) out.writeUInt16LE(out.readUInt16LE(offset + 8) | 1, offset + 8);
  }
  return out;
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function contentTypes(overrides: ReadonlyArray<[string, string]>): string {
  return `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides
    .map(([part, type]) => `<Override PartName="/${part}" ContentType="${type}"/>`)
    .join('')}</Types>`;
}

function rootRels(target: string): string {
  return `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${target}"/></Relationships>`;
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A minimal DOCX: one `w:p` per paragraph (a tab-separated paragraph gets `w:tab`s), and an optional header. */
export function makeDocx(paragraphs: readonly string[], header?: string): Promise<Buffer> {
  const paragraph = (text: string): string => `<w:p><w:r>${text.split('\t').map((part) => `<w:t xml:space="preserve">${escape(part)}</w:t>`).join('<w:tab/>')}</w:r></w:p>`;
  const entries: ZipEntrySpec[] = [
    { path: '[Content_Types].xml', data: contentTypes([['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml']]) },
    { path: '_rels/.rels', data: rootRels('word/document.xml') },
    { path: 'word/document.xml', data: `${XML}<w:document ${W}><w:body>${paragraphs.map(paragraph).join('')}</w:body></w:document>` },
  ];
  if (header !== undefined) entries.push({ path: 'word/header1.xml', data: `${XML}<w:hdr ${W}>${paragraph(header)}</w:hdr>` });
  return makeZip(entries);
}

/** A minimal XLSX with one sheet: strings go to the shared-string table, numbers stay inline values. */
export function makeXlsx(rows: ReadonlyArray<ReadonlyArray<string | number>>): Promise<Buffer> {
  const shared: string[] = [];
  const column = (index: number): string => String.fromCharCode(65 + index);
  const cell = (value: string | number, row: number, col: number): string => {
    const ref = `${column(col)}${row + 1}`;
    if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
    shared.push(value);
    return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
  };
  const sheetRows = rows.map((row, r) => `<row r="${r + 1}">${row.map((value, c) => cell(value, r, c)).join('')}</row>`).join('');
  const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  return makeZip([
    {
      path: '[Content_Types].xml',
      data: contentTypes([
        ['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'],
        ['xl/worksheets/sheet1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml'],
        ['xl/sharedStrings.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml'],
      ]),
    },
    { path: '_rels/.rels', data: rootRels('xl/workbook.xml') },
    { path: 'xl/workbook.xml', data: `${XML}<workbook ${main} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    {
      path: 'xl/_rels/workbook.xml.rels',
      data: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    { path: 'xl/worksheets/sheet1.xml', data: `${XML}<worksheet ${main}><sheetData>${sheetRows}</sheetData></worksheet>` },
    { path: 'xl/sharedStrings.xml', data: `${XML}<sst ${main} count="${shared.length}" uniqueCount="${shared.length}">${shared.map((s) => `<si><t>${escape(s)}</t></si>`).join('')}</sst>` },
  ]);
}

/** A minimal PPTX: one slide per string (slides are stored in reverse to show ordering by number), and optional notes. */
export function makePptx(slides: readonly string[], notes: readonly string[] = []): Promise<Buffer> {
  const ns = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
  const body = (text: string): string => `<p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>${escape(text)}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld>`;
  const slideParts = slides.map((text, i): ZipEntrySpec => ({ path: `ppt/slides/slide${i + 1}.xml`, data: `${XML}<p:sld ${ns}>${body(text)}</p:sld>` }));
  const noteParts = notes.map((text, i): ZipEntrySpec => ({ path: `ppt/notesSlides/notesSlide${i + 1}.xml`, data: `${XML}<p:notes ${ns}>${body(text)}</p:notes>` }));
  return makeZip([
    {
      path: '[Content_Types].xml',
      data: contentTypes([
        ['ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml'],
        ...slides.map((_, i): [string, string] => [`ppt/slides/slide${i + 1}.xml`, 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml']),
      ]),
    },
    { path: '_rels/.rels', data: rootRels('ppt/presentation.xml') },
    { path: 'ppt/presentation.xml', data: `${XML}<p:presentation ${ns}/>` },
    ...slideParts.reverse(),
    ...noteParts,
  ]);
}

/**
 * A 42.zip-style bomb: `leafBytes` of zeros deflated once, then `levels` of archives each holding
 * `fanOut` copies of the level below. Nominal size: leafBytes × fanOut^levels.
 */
export async function makeZipBomb(leafBytes: number, fanOut: number, levels: number): Promise<Buffer> {
  let current = await makeZip([{ path: 'zeros.bin', data: Buffer.alloc(leafBytes) }]);
  for (let level = 1; level <= levels; level++) {
    const inner = current;
    current = await makeZip(Array.from({ length: fanOut }, (_, i) => ({ path: `level${level}-${i}.zip`, data: inner })));
  }
  return current;
}
