import { fileTypeFromBuffer } from 'file-type';
import { ZipReader } from './zip/zip-reader.js';

/** How a file's text is extracted. */
export type Format = 'pdf' | 'docx' | 'xlsx' | 'pptx' | 'zip' | 'html' | 'rtf' | 'text' | 'encrypted' | 'unsupported';

export interface SniffedType {
  format: Format;
  /** MIME type from the content (magic bytes, or a text heuristic); null when unknown. */
  mime: string | null;
}

/**
 * file-type only sees this prefix. Given a whole ZIP it inflates `[Content_Types].xml` with no
 * size limit, so a crafted archive could make the sniffer itself a zip bomb; within 4100 bytes
 * (file-type's documented sample size) it inflates at most a few MB.
 */
const MAGIC_SAMPLE_BYTES = 4100;
/** Bytes looked at to decide whether content without magic is text. */
const TEXT_SAMPLE_BYTES = 64 * 1024;
/** Central-directory entries looked at to tell an Office document from a plain ZIP. */
const OOXML_SCAN_ENTRIES = 2000;

const OOXML_MAIN_PARTS: ReadonlyArray<[string, Format, string]> = [
  ['word/document.xml', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/workbook.xml', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/presentation.xml', 'pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];
/**
 * A password-protected DOCX, XLSX or PPTX is not a ZIP but an OLE compound file holding a stream
 * of this name (MS-OFFCRYPTO); the name, in UTF-16 like every directory entry, marks it.
 */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/csv', 'application/x-yaml', 'application/yaml', 'message/rfc822']);
const TEXT_EXTENSIONS: Readonly<Record<string, string>> = {
  txt: 'text/plain', log: 'text/plain', md: 'text/markdown', csv: 'text/csv', tsv: 'text/tab-separated-values',
  json: 'application/json', xml: 'application/xml', yaml: 'application/yaml', yml: 'application/yaml', eml: 'message/rfc822',
};
const HTML_EXTENSIONS = /\.x?html?$/i;
const LEADING_TAG = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|div|p|table)[\s>]/i;

/**
 * Decides a file's format from its content: magic bytes via file-type first, so an executable
 * sent as `text/plain` is seen as one; the declared type and file name only refine content
 * that has no magic (HTML, CSV, JSON — text whose subtype no byte pattern reveals).
 */
export async function sniffType(bytes: Uint8Array, declaredType: string, filename: string | null): Promise<SniffedType> {
  // A UTF-16 byte-order mark reads as an MPEG audio frame header to file-type, so text with a
  // BOM is recognised first, when what follows decodes as text.
  if (isUtf16Text(bytes)) return textType(declaredType, filename);
  const magic = await fileTypeFromBuffer(bytes.subarray(0, MAGIC_SAMPLE_BYTES)).catch(() => undefined);
  if (magic) return fromMagic(magic.mime, bytes, declaredType, filename);
  if (isZip(bytes)) return ooxmlOrZip(bytes, 'application/zip');
  const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, TEXT_SAMPLE_BYTES));
  const head = sample.toString('latin1', 0, 512);
  if (head.startsWith('{\\rtf')) return { format: 'rtf', mime: 'application/rtf' };
  if (!looksLikeText(sample)) return { format: 'unsupported', mime: null };
  if (LEADING_TAG.test(head.replace(/^\xef\xbb\xbf/, ''))) return { format: 'html', mime: 'text/html' };
  return textType(declaredType, filename);
}

/** HTML or text by what the sender said, for content already known to be text. */
function textType(declaredType: string, filename: string | null): SniffedType {
  if (isHtml(declaredType, filename)) return { format: 'html', mime: 'text/html' };
  const extension = filename?.match(/\.([a-z0-9]+)$/i)?.[1]?.toLowerCase();
  if (declaredType.startsWith('text/') || TEXT_TYPES.has(declaredType) || /\+(?:json|xml)$/.test(declaredType)) return { format: 'text', mime: declaredType };
  return { format: 'text', mime: (extension && TEXT_EXTENSIONS[extension]) || 'text/plain' };
}

async function fromMagic(mime: string, bytes: Uint8Array, declaredType: string, filename: string | null): Promise<SniffedType> {
  if (mime === 'application/pdf') return { format: 'pdf', mime };
  if (mime === 'application/rtf') return { format: 'rtf', mime };
  if (mime === 'application/xml') return isHtml(declaredType, filename) ? { format: 'html', mime: 'text/html' } : { format: 'text', mime };
  if (mime === 'application/x-cfb' && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE)) return { format: 'encrypted', mime };
  if (/wordprocessingml|ms-word\./.test(mime)) return { format: 'docx', mime };
  if (/spreadsheetml|ms-excel\./.test(mime)) return { format: 'xlsx', mime };
  if (/presentationml|ms-powerpoint\./.test(mime)) return { format: 'pptx', mime };
  // Other ZIP-based types (jar, epub, OpenDocument …) are read as archives, keeping their type.
  if (isZip(bytes)) return ooxmlOrZip(bytes, mime);
  return { format: 'unsupported', mime };
}

/**
 * file-type names an Office document only when `[Content_Types].xml` lies within its sample;
 * writers that put it last leave a plain `application/zip`, so the central directory decides.
 */
async function ooxmlOrZip(bytes: Uint8Array, mime: string): Promise<SniffedType> {
  if (mime !== 'application/zip') return { format: 'zip', mime };
  let zip: ZipReader | undefined;
  try {
    zip = await ZipReader.open(bytes);
    let seen = 0;
    for await (const item of zip.items()) {
      const main = OOXML_MAIN_PARTS.find(([part]) => part === item.path);
      if (main) return { format: main[1], mime: main[2] };
      if (++seen >= OOXML_SCAN_ENTRIES) break;
    }
  } catch {
    // An unreadable archive is still a ZIP by its magic; reading it later reports why it failed.
  } finally {
    zip?.close();
  }
  return { format: 'zip', mime };
}

function isZip(bytes: Uint8Array): boolean {
  // Local file header, or the end-of-central-directory record of an empty archive.
  return bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

function isHtml(declaredType: string, filename: string | null): boolean {
  return HTML_TYPES.has(declaredType) || (filename !== null && HTML_EXTENSIONS.test(filename));
}

/** A UTF-16 byte-order mark followed by characters that are mostly not controls or invalid. */
function isUtf16Text(bytes: Uint8Array): boolean {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (encoding === null || bytes.byteLength < 4) return false;
  const text = new TextDecoder(encoding).decode(bytes.subarray(0, 1024));
  let bad = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)) bad++;
  }
  return bad * 20 <= text.length;
}

/**
 * Text when it has no NUL bytes and almost no control characters other than
 * whitespace (so Latin-1 and UTF-8 both pass, binary formats without magic do not).
 */
function looksLikeText(sample: Buffer): boolean {
  if (sample.length === 0) return false;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) control++;
  }
  return control * 100 <= sample.length;
}
