/** Where a boundary delimiter line starts and whether it is the closing one. */
export interface DelimiterLine {
  /** Offset of the `--` that opens the delimiter line. */
  start: number;
  /** True for the closing delimiter `--boundary--`. */
  close: boolean;
}

const HYPHEN = 0x2d;
const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Finds the first boundary delimiter line that starts inside `[from, to)` of `raw`.
 *
 * mailsplit reports delimiter lines only as part of `data` chunks, and it coalesces a closing
 * delimiter with the epilogue (and with a nested multipart's trailing lines) into one chunk, so
 * the exact offset of the delimiter inside such a chunk has to be found again. The scanner calls
 * this only on ranges mailsplit already emitted as multipart structure, and the line test mirrors
 * mailsplit's own `compareBoundary` (RFC 2046 5.1.1: optional `--` suffix, trailing SP/HTAB,
 * then CR* LF, or end of input for a closing delimiter), so both agree on what a delimiter is.
 * A line is considered to start at `from` and after every LF.
 */
export function findDelimiterLine(raw: Buffer, boundary: Buffer, from: number, to: number): DelimiterLine | null {
  let lineStart = from;
  while (lineStart < to) {
    const found = matchDelimiter(raw, boundary, lineStart);
    if (found !== null) {
      return { start: lineStart, close: found };
    }
    const lf = raw.indexOf(LF, lineStart);
    if (lf < 0 || lf + 1 >= to) {
      return null;
    }
    lineStart = lf + 1;
  }
  return null;
}

/** Whether a delimiter line for `boundary` starts at `pos`: null if not, else whether it closes. */
function matchDelimiter(raw: Buffer, boundary: Buffer, pos: number): boolean | null {
  if (raw[pos] !== HYPHEN || raw[pos + 1] !== HYPHEN) {
    return null;
  }
  if (raw.length < pos + 2 + boundary.length || !raw.subarray(pos + 2, pos + 2 + boundary.length).equals(boundary)) {
    return null;
  }
  let i = pos + 2 + boundary.length;
  let close = false;
  if (raw[i] === HYPHEN) {
    if (raw[i + 1] !== HYPHEN) {
      return null;
    }
    close = true;
    i += 2;
  }
  while (raw[i] === SPACE || raw[i] === TAB) {
    i++;
  }
  if (i >= raw.length) {
    // only the closing delimiter may end the input without a line break
    return close ? true : null;
  }
  while (raw[i] === CR) {
    i++;
  }
  if (i >= raw.length || raw[i] === LF) {
    return close;
  }
  return null;
}
