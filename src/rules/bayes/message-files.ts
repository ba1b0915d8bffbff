import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The message files under a directory, recursively (Maildir's cur/ and new/, MH folders, a
 * directory of .eml files), sorted. A file counts as a message when its first line is a header
 * field or an mbox `From ` line, so an index or metadata file beside the mail (the SpamAssassin
 * corpus keeps a .json per message) is passed over rather than learnt as mail.
 */
export async function messageFiles(dir: string): Promise<{ messages: string[]; notMessages: string[] }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const messages: string[] = [];
  const notMessages: string[] = [];
  for (const file of files) ((await looksLikeMessage(file)) ? messages : notMessages).push(file);
  return { messages, notMessages };
}

/** A message file's bytes without the mbox `From ` separator line a corpus file may start with. */
export async function readMessageFile(file: string): Promise<Buffer> {
  const bytes = await readFile(file);
  if (bytes.subarray(0, 5).toString('latin1') !== 'From ') return bytes;
  const eol = bytes.indexOf(0x0a);
  return eol < 0 ? Buffer.alloc(0) : bytes.subarray(eol + 1);
}

async function looksLikeMessage(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(256);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const firstLine = head.subarray(0, bytesRead).toString('latin1').split(/\r?\n/, 1)[0] ?? '';
    // Field names as mail software writes them (RFC 5322 allows more, which JSON's `{"a":` would match).
    return firstLine.startsWith('From ') || /^[A-Za-z0-9][A-Za-z0-9_-]*:/.test(firstLine);
  } finally {
    await handle.close();
  }
}
