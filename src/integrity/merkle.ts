import { createHash } from 'node:crypto';

/**
 * RFC 6962 (Certificate Transparency) Merkle tree hashing, as restated in RFC 9162 §2.1.
 * Leaves are ledger entry hashes: `leaf = SHA-256(0x00 || entryHash)`, `node = SHA-256(0x01 || left || right)`;
 * a tree of n > 1 leaves splits at k, the largest power of two smaller than n.
 */
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** The root of the empty tree: SHA-256 of no bytes. */
export const EMPTY_TREE_ROOT = createHash('sha256').digest();

/** `SHA-256(0x00 || data)`. */
export function leafHash(data: Buffer): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** `SHA-256(0x01 || left || right)`. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The largest power of two strictly smaller than `n` (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Called for every perfect, aligned subtree as it completes: `level` 0 is a leaf; it covers leaves `[index·2^level, (index+1)·2^level)`. */
export type SubtreeListener = (level: number, index: number, hash: Buffer) => void;

/**
 * A growing tree kept as its frontier: the roots of the perfect subtrees that the leaves so far
 * decompose into (one per set bit of the size, largest first) — at most log2(n) hashes, so the
 * root over any number of leaves is computed in bounded memory, and a checkpoint can resume
 * from the previous one's frontier instead of rehashing every leaf.
 */
export class MerkleFrontier {
  private readonly stack: Array<{ level: number; hash: Buffer }> = [];
  private count = 0;

  /** Resumes from a frontier saved by `hashes()` for a tree of `size` leaves. */
  static restore(size: number, hashes: readonly Buffer[], onSubtree: SubtreeListener | null = null): MerkleFrontier {
    const frontier = new MerkleFrontier(onSubtree);
    const levels: number[] = [];
    for (let level = 52; level >= 0; level--) if (Math.floor(size / 2 ** level) % 2 === 1) levels.push(level);
    if (levels.length !== hashes.length) throw new Error(`a frontier of ${size} leaves has ${levels.length} hashes, not ${hashes.length}`);
    levels.forEach((level, i) => frontier.stack.push({ level, hash: hashes[i] as Buffer }));
    frontier.count = size;
    return frontier;
  }

  constructor(private readonly onSubtree: SubtreeListener | null = null) {}

  get size(): number {
    return this.count;
  }

  /** Appends the leaf for `entryHash` (the raw 32 bytes). */
  append(entryHash: Buffer): void {
    this.count += 1;
    let top = { level: 0, hash: leafHash(entryHash) };
    for (;;) {
      const last = this.stack[this.stack.length - 1];
      if (last === undefined || last.level !== top.level) break;
      this.stack.pop();
      top = { level: top.level + 1, hash: nodeHash(last.hash, top.hash) };
      this.onSubtree?.(top.level, this.count / 2 ** top.level - 1, top.hash);
    }
    this.stack.push(top);
  }

  /** The RFC 6962 root over every leaf appended so far (smaller subtrees fold in from the right). */
  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_TREE_ROOT;
    let acc = (this.stack[this.stack.length - 1] as { hash: Buffer }).hash;
    for (let i = this.stack.length - 2; i >= 0; i--) acc = nodeHash((this.stack[i] as { hash: Buffer }).hash, acc);
    return acc;
  }

  /** The frontier's hashes, largest subtree first, for `restore`. */
  hashes(): Buffer[] {
    return this.stack.map((item) => item.hash);
  }
}

/**
 * The root that an inclusion proof leads to (RFC 9162 §2.1.3.2), or null when the path cannot
 * belong to a tree of `treeSize` leaves at `leafIndex` (wrong length or index out of range).
 */
export function rootFromInclusionPath(leafIndex: number, treeSize: number, leaf: Buffer, path: readonly Buffer[]): Buffer | null {
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** A source of subtree roots: the root of leaves `[start, start + size)`. */
export type RangeRoot = (start: number, size: number) => Buffer;

/**
 * The RFC 6962 audit path PATH(m, D[start:start+n]) for leaf `m` (relative to `start`), deepest
 * sibling first. `rangeRoot` supplies the sibling subtrees; in this recursion every range it is
 * asked for is aligned to its size's largest power of two, so stored subtree roots can serve it.
 */
export function inclusionPath(m: number, start: number, n: number, rangeRoot: RangeRoot): Buffer[] {
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...inclusionPath(m, start, k, rangeRoot), rangeRoot(start + k, n - k)];
  return [...inclusionPath(m - k, start + k, n - k, rangeRoot), rangeRoot(start, k)];
}
