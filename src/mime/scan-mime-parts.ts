import { finished } from 'node:stream/promises';
import { Splitter } from '@zone-eu/mailsplit';
import type { MimeNode, SplitterChunk } from '@zone-eu/mailsplit';
import { findDelimiterLine } from './find-delimiter-line.js';
import type { MimeEntityInfo, MimeHeader, MimePart, MimeProblem, MimeStructure } from './mime-structure.js';

/** A node mailsplit emitted, placed in the input. */
interface PlacedNode {
  node: MimeNode;
  headerStart: number;
  bodyStart: number;
}

/** A multipart-structure (`data`) chunk mailsplit emitted, placed in the input. */
interface PlacedData {
  start: number;
  end: number;
}

/**
 * Locates the top-level MIME parts of a message and the byte range of each part's body.
 *
 * Built on `@zone-eu/mailsplit`, whose Splitter emits every input byte once, as a node's header
 * block or as a `data`/`body` chunk; summing chunk lengths in order gives each node's offset.
 * Every chunk is checked against the input at the offset it is placed at, and where the splitter
 * skipped bytes (it drops the header lines of a part that a delimiter cuts off) the scan
 * re-synchronises on the next chunk and reports `bytes-unaccounted`. Embedded message/rfc822
 * parts that are not attachments are descended into, so `maxDepth` covers them.
 *
 * Never throws on bad input: a split failure, lost bytes, a missing boundary or a missing
 * closing delimiter are reported in `problems` with whatever structure could be read.
 */
export async function scanMimeParts(raw: Buffer): Promise<MimeStructure> {
  const problems: MimeProblem[] = [];
  const chunks = await split(raw, problems);

  const nodes: PlacedNode[] = [];
  const data: PlacedData[] = [];
  const depths = new Map<MimeNode, number>();
  let maxDepth = 0;
  let offset = 0;
  for (const chunk of chunks) {
    const bytes = chunk.type === 'node' ? chunk.getHeaders() : chunk.value;
    const start = place(raw, bytes, offset, problems);
    if (start === null) {
      break;
    }
    offset = start + bytes.length;
    if (chunk.type === 'node') {
      const depth = chunk.parentNode ? (depths.get(chunk.parentNode) ?? 0) + 1 : 1;
      depths.set(chunk, depth);
      maxDepth = Math.max(maxDepth, depth);
      nodes.push({ node: chunk, headerStart: start, bodyStart: offset });
    } else if (chunk.type === 'data') {
      data.push({ start, end: offset });
    }
  }
  if (offset < raw.length && problems.length === 0) {
    problems.push({ code: 'bytes-unaccounted', message: `${raw.length - offset} trailing bytes were not emitted by the splitter`, offset });
  }

  const root = nodes[0];
  if (!root) {
    // an empty input or a failed split before the first header block ended
    return { ...describe(null), bodyStart: 0, boundary: null, parts: [], maxDepth: Math.max(maxDepth, 1), problems };
  }
  const rootNode = root.node;
  const info = describe(rootNode);
  const boundary = rootNode._boundary ? rootNode._boundary : null;
  if (rootNode.multipart && !boundary) {
    problems.push({ code: 'missing-boundary', message: `${info.contentType} without a boundary parameter`, offset: 0 });
  }
  const parts = boundary ? locateParts(raw, boundary, nodes, data, problems) : [];
  return {
    ...info,
    bodyStart: root.bodyStart,
    boundary: boundary ? boundary.toString('latin1') : null,
    parts,
    maxDepth,
    problems,
  };
}

/** Runs the splitter over the whole input, collecting its output; a split error becomes a problem. */
async function split(raw: Buffer, problems: MimeProblem[]): Promise<SplitterChunk[]> {
  const splitter = new Splitter({ defaultInlineEmbedded: true });
  const chunks: SplitterChunk[] = [];
  splitter.on('data', (chunk) => chunks.push(chunk));
  splitter.end(raw);
  try {
    await finished(splitter);
  } catch (err) {
    problems.push({ code: 'split-failed', message: err instanceof Error ? err.message : String(err), offset: null });
  }
  return chunks;
}

/**
 * Where `bytes` sit in `raw`, expected at `offset`. Returns null (with a problem) when they are
 * nowhere after it, which would mean the splitter altered bytes; nothing after that is trusted.
 */
function place(raw: Buffer, bytes: Buffer, offset: number, problems: MimeProblem[]): number | null {
  if (raw.subarray(offset, offset + bytes.length).equals(bytes)) {
    return offset;
  }
  const found = raw.indexOf(bytes, offset);
  if (found < 0) {
    problems.push({ code: 'bytes-unaccounted', message: 'splitter output does not match the input; structure after this offset is unknown', offset });
    return null;
  }
  problems.push({ code: 'bytes-unaccounted', message: `${found - offset} bytes were skipped by the splitter`, offset });
  return found;
}

/** Finds each top-level part's body range from the node offsets and the delimiter lines. */
function locateParts(raw: Buffer, boundary: Buffer, nodes: PlacedNode[], data: PlacedData[], problems: MimeProblem[]): MimePart[] {
  const rootNode = nodes[0]?.node;
  const children = nodes.filter((placed) => placed.node.parentNode === rootNode);
  // both lists are in input order, so one cursor over the data chunks serves every part
  let cursor = 0;
  return children.map((child, index) => {
    const limit = children[index + 1]?.headerStart ?? raw.length;
    let delimiter = null;
    while (cursor < data.length && (data[cursor]?.end ?? 0) <= child.bodyStart) {
      cursor++;
    }
    for (let i = cursor; i < data.length && !delimiter; i++) {
      const chunk = data[i];
      if (!chunk || chunk.start >= limit) {
        break;
      }
      delimiter = findDelimiterLine(raw, boundary, Math.max(chunk.start, child.bodyStart), Math.min(chunk.end, limit));
    }
    let bodyEnd = limit;
    if (delimiter) {
      bodyEnd = withoutLineBreakBefore(raw, delimiter.start, child.bodyStart);
    } else {
      problems.push({ code: 'missing-close-delimiter', message: 'the last part runs to the end of input', offset: child.headerStart });
    }
    return { ...describe(child.node), headerStart: child.headerStart, bodyStart: child.bodyStart, bodyEnd };
  });
}

/** Moves an end offset back over the CRLF or LF that precedes a delimiter, never before `floor`. */
function withoutLineBreakBefore(raw: Buffer, end: number, floor: number): number {
  let result = end;
  if (result > floor && raw[result - 1] === 0x0a) {
    result--;
    if (result > floor && raw[result - 1] === 0x0d) {
      result--;
    }
  }
  return result;
}

/** Copies what mailsplit parsed about a node into plain data. */
function describe(node: MimeNode | null): MimeEntityInfo {
  const headers: MimeHeader[] =
    node && node.headers
      ? node.headers.getList().map((line) => {
          const colon = line.line.indexOf(':');
          const value = colon < 0 ? '' : line.line.slice(colon + 1);
          return { key: line.key, value: value.replace(/\r?\n(?=[ \t])/g, '').trim() };
        })
      : [];
  return {
    headers,
    contentType: (node && node.contentType) || 'text/plain',
    charset: (node && node.charset) || null,
    transferEncoding: (node && node.encoding) || null,
    disposition: (node && node.disposition) || null,
  };
}
