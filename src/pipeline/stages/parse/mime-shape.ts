import { finished } from 'node:stream';
import mailsplit from '@zone-eu/mailsplit';
import type { MimeNode } from '@zone-eu/mailsplit/lib/types.js';

/** What the pre-parse scan learned about the MIME tree. */
export interface MimeShape {
  /** The first nesting depth seen beyond the limit, or null when the tree stays within it. */
  depthBeyondLimit: number | null;
  /**
   * The top-level part is multipart but no part was ever found in it: its boundary never occurs,
   * so every byte is preamble, which mailparser drops.
   */
  partlessMultipart: boolean;
}

/**
 * Scans the MIME tree of `original` cheaply, before the real parse. The top-level part is depth 0,
 * its children depth 1; the parts of an opened embedded message sit one deeper than the
 * `message/rfc822` part holding them.
 *
 * It runs mailsplit's splitter — the tokenizer mailparser itself uses, with the same options — and
 * looks only at node chunks, so it costs about a tenth of a full parse and never decodes a body.
 * It stops as soon as the depth limit is crossed. A splitter error is not reported here: the real
 * parse meets the same input and reports it as `unparseable`.
 */
export function inspectMimeShape(original: Buffer, maxDepth: number, options: { ignoreEmbedded?: boolean; defaultInlineEmbedded?: boolean }): Promise<MimeShape> {
  return new Promise((resolve) => {
    const splitter = new mailsplit.Splitter({ ...options });
    let rootIsMultipart = false;
    let nodes = 0;
    let settled = false;
    const finish = (depthBeyondLimit: number | null): void => {
      if (settled) return;
      settled = true;
      resolve({ depthBeyondLimit, partlessMultipart: depthBeyondLimit === null && rootIsMultipart && nodes === 1 });
    };
    splitter.on('data', (chunk: { type: string }) => {
      if (chunk.type !== 'node') return;
      const node = chunk as MimeNode;
      nodes++;
      if (node.root) rootIsMultipart = node.multipart !== false;
      const depth = depthOf(node);
      if (depth > maxDepth) {
        finish(depth);
        splitter.destroy();
      }
    });
    // mailsplit's typings declare only 'data'; finished() covers end, error and destroy alike.
    finished(splitter, () => finish(null));
    splitter.end(original);
  });
}

function depthOf(node: MimeNode): number {
  let depth = 0;
  for (let parent = node.parentNode; parent; parent = parent.parentNode) depth++;
  return depth;
}
