/** Declared types that claim nothing about the content, so they cannot contradict a sniffed type. */
const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown', 'application/x-download', 'application/force-download', 'application/download']);

/** Other names senders use for the same type. */
const ALIASES: Record<string, string> = {
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
  'application/x-pdf': 'application/pdf',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'text/xml': 'application/xml',
  'application/x-msdos-program': 'application/x-msdownload',
  'application/x-dosexec': 'application/x-msdownload',
  'application/vnd.microsoft.portable-executable': 'application/x-msdownload',
  'application/x-rar': 'application/x-rar-compressed',
  'application/vnd.rar': 'application/x-rar-compressed',
  'application/gzip': 'application/x-gzip',
};

/** Sniffed container types whose content legitimately carries a more specific declared type. */
const CONTAINERS: Record<string, RegExp> = {
  // OOXML, OpenDocument, EPUB and JARs are ZIP files.
  'application/zip': /^application\/(vnd\.openxmlformats-officedocument\.|vnd\.oasis\.opendocument\.|epub\+zip|java-archive|vnd\.ms-.*\.macroenabled|vnd\.android\.package-archive)/,
  // Legacy Office files and Outlook .msg are OLE compound files.
  'application/x-cfb': /^application\/(msword|vnd\.ms-|vnd\.visio|x-msi)/,
};

function canonical(type: string): string {
  const bare = type.toLowerCase().split(';')[0]?.trim() ?? '';
  return ALIASES[bare] ?? bare;
}

/**
 * True when the declared type contradicts the sniffed one (an executable sent as text/plain, a
 * ZIP named as a PDF). Unknown sniffed types and generic declared types never contradict.
 */
export function typesContradict(declared: string, detected: string | null): boolean {
  if (detected === null) return false;
  const claimed = canonical(declared);
  const actual = canonical(detected);
  if (GENERIC.has(claimed) || claimed === actual) return false;
  return !(CONTAINERS[actual]?.test(claimed) ?? false);
}

/** True when `type` matches a pattern: exact, or `image/*` for any image type. */
export function mimeMatches(type: string | null, pattern: string): boolean {
  if (type === null) return false;
  const actual = canonical(type);
  return pattern.endsWith('/*') ? actual.startsWith(pattern.slice(0, -1)) : actual === canonical(pattern);
}
