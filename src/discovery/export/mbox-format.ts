/**
 * mboxrd, the mbox variant that can be undone exactly: every line of a message that starts with
 * zero or more `>` then `From ` gets one more `>`; a reader removes one from every such line.
 * Each message is preceded by a `From ` separator line and followed by one empty line. Line
 * endings are the original's (CRLF stays CRLF; lines are split at LF).
 *
 * One thing mbox cannot say is whether the original's last line had a line ending: a message that
 * lacks one gets an LF so the separator's empty line is a line of its own. The manifest's `size`
 * settles it on re-import (`trimAddedNewline`): the original is the unescaped text, or that text
 * without its last LF when it is one byte longer than the size the manifest lists.
 */
const FROM = Buffer.from('From ');
const LF = 0x0a;
const GT = 0x3e;

/** The `From ` separator line: envelope sender (no spaces) and the receipt time in asctime form, UTC. */
export function mboxFromLine(sender: string | null, receivedAt: string): string {
  const who = sender !== null && sender !== '' && !/\s/.test(sender) ? sender : 'MAILER-DAEMON';
  const d = new Date(receivedAt);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const time = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `From ${who} ${day} ${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} ${d.getUTCFullYear()}\n`;
}

/** The message as it goes into the mbox after its `From ` line: escaped, ended, and the empty separator line. */
export function mboxMessageBody(raw: Buffer): Buffer[] {
  const parts = rewriteFromLines(raw, 'escape');
  if (raw.length === 0 || raw[raw.length - 1] !== LF) parts.push(Buffer.from('\n'));
  parts.push(Buffer.from('\n'));
  return parts;
}

/** Undoes the escaping of one message's text (between its `From ` line and the separator). */
export function mboxUnescape(escaped: Buffer): Buffer {
  return Buffer.concat(rewriteFromLines(escaped, 'unescape'));
}

/** Removes the LF the writer added to a message whose last line had none (see the module comment). */
export function trimAddedNewline(unescaped: Buffer, originalSize: number): Buffer {
  return unescaped.length === originalSize + 1 && unescaped[unescaped.length - 1] === LF ? unescaped.subarray(0, originalSize) : unescaped;
}

/** Whether a line (from its first byte) is `>*From `. */
function isQuotedFrom(bytes: Buffer, start: number): { quotes: number } | null {
  let i = start;
  while (i < bytes.length && bytes[i] === GT) i++;
  return bytes.length - i >= FROM.length && bytes.compare(FROM, 0, FROM.length, i, i + FROM.length) === 0 ? { quotes: i - start } : null;
}

function rewriteFromLines(bytes: Buffer, mode: 'escape' | 'unescape'): Buffer[] {
  const parts: Buffer[] = [];
  let copiedTo = 0;
  for (let lineStart = 0; lineStart < bytes.length;) {
    const match = isQuotedFrom(bytes, lineStart);
    if (match !== null && (mode === 'escape' || match.quotes > 0)) {
      parts.push(bytes.subarray(copiedTo, lineStart));
      if (mode === 'escape') {
        parts.push(Buffer.from('>'));
        copiedTo = lineStart;
      } else {
        copiedTo = lineStart + 1;
      }
    }
    const end = bytes.indexOf(LF, lineStart);
    if (end < 0) break;
    lineStart = end + 1;
  }
  parts.push(bytes.subarray(copiedTo));
  return parts;
}

/** Whether a line of an mbox file is a message separator (`From ` at its very start). */
export function isFromLine(line: Buffer): boolean {
  return line.length >= FROM.length && line.compare(FROM, 0, FROM.length, 0, FROM.length) === 0;
}
