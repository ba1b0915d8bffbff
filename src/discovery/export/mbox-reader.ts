import { createReadStream } from 'node:fs';
import { isFromLine, mboxUnescape } from './mbox-format.js';

/** An mbox that does not start with a `From ` line or has a message without its separator line. */
export class MboxFormatError extends Error {
  override readonly name = 'MboxFormatError';
}

/**
 * Splits an mboxrd file into its messages, one at a time (only the current message is in
 * memory): each yielded `text` is unescaped, without the separator's empty line. A message whose
 * original lacked a final line ending still carries the LF the writer added (`trimAddedNewline`).
 * @throws MboxFormatError
 */
export async function* readMbox(path: string): AsyncGenerator<{ fromLine: string; text: Buffer }> {
  let carry = Buffer.alloc(0);
  let fromLine: string | null = null;
  let lines: Buffer[] = [];
  const finishMessage = (): { fromLine: string; text: Buffer } | null => {
    if (fromLine === null) return null;
    const body = Buffer.concat(lines);
    if (body.length === 0 || body[body.length - 1] !== 0x0a) throw new MboxFormatError(`the message after "${fromLine}" does not end with its empty separator line`);
    return { fromLine, text: mboxUnescape(body.subarray(0, body.length - 1)) };
  };
  const take = (line: Buffer): { fromLine: string; text: Buffer } | null => {
    if (isFromLine(line)) {
      const done = finishMessage();
      fromLine = line.toString('latin1').trimEnd();
      lines = [];
      return done;
    }
    if (fromLine === null) throw new MboxFormatError('the file does not start with a "From " line');
    lines.push(line);
    return null;
  };
  for await (const chunk of createReadStream(path)) {
    let data = carry.length === 0 ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer]);
    for (let end = data.indexOf(0x0a); end >= 0; end = data.indexOf(0x0a)) {
      // Copy: a line kept for the current message must not pin the whole read chunk.
      const done = take(Buffer.from(data.subarray(0, end + 1)));
      data = data.subarray(end + 1);
      if (done !== null) yield done;
    }
    carry = Buffer.from(data);
  }
  if (carry.length > 0) {
    const done = take(carry);
    if (done !== null) yield done;
  }
  const last = finishMessage();
  if (last !== null) yield last;
}
