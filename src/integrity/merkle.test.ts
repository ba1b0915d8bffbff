import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { EMPTY_TREE_ROOT, inclusionPath, leafHash, MerkleFrontier, nodeHash, rootFromInclusionPath, splitPoint } from './merkle.js';

/** RFC 6962 §2.1 MTH, written as the RFC states it: the reference the streaming code must match. */
function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leafHash(leaves[0] as Buffer);
  const k = splitPoint(leaves.length);
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const leavesOf = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => createHash('sha256').update(`entry ${i}`).digest());

// The Certificate Transparency test inputs (RFC 9162 / certificate-transparency merkle_tree_test) and their roots.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) => Buffer.from(hex, 'hex'));
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

test('the streaming frontier reproduces the Certificate Transparency test vectors', () => {
  const frontier = new MerkleFrontier();
  assert.equal(frontier.root().toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  CT_LEAVES.forEach((leaf, i) => {
    frontier.append(leaf);
    assert.equal(frontier.root().toString('hex'), CT_ROOTS[i], `root of ${i + 1} leaves`);
  });
});

test('the streaming root equals the RFC definition for every tree size up to 70', () => {
  const leaves = leavesOf(70);
  const frontier = new MerkleFrontier();
  assert.deepEqual(frontier.root(), EMPTY_TREE_ROOT);
  for (let n = 1; n <= 70; n++) {
    frontier.append(leaves[n - 1] as Buffer);
    assert.deepEqual(frontier.root(), referenceRoot(leaves.slice(0, n)), `size ${n}`);
  }
});

test('a frontier restored from its hashes continues to the same roots', () => {
  const leaves = leavesOf(45);
  const whole = new MerkleFrontier();
  leaves.slice(0, 29).forEach((leaf) => whole.append(leaf));
  const resumed = MerkleFrontier.restore(29, whole.hashes());
  for (const leaf of leaves.slice(29)) {
    whole.append(leaf);
    resumed.append(leaf);
    assert.deepEqual(resumed.root(), whole.root());
  }
  assert.throws(() => MerkleFrontier.restore(32, whole.hashes()), /a frontier of 32 leaves has 1 hashes, not 4/);
});

test('completed subtrees are reported with their level and index', () => {
  const leaves = leavesOf(8);
  const seen: string[] = [];
  const frontier = new MerkleFrontier((level, index, hash) => {
    const start = index * 2 ** level;
    assert.deepEqual(hash, referenceRoot(leaves.slice(start, start + 2 ** level)));
    seen.push(`${level}:${index}`);
  });
  leaves.forEach((leaf) => frontier.append(leaf));
  assert.deepEqual(seen, ['1:0', '1:1', '2:0', '1:2', '1:3', '2:1', '3:0']);
});

test('every leaf of every tree of 1 to 17 leaves has an inclusion path to the root, and only to it', () => {
  for (let n = 1; n <= 17; n++) {
    const leaves = leavesOf(n);
    const root = referenceRoot(leaves);
    const rangeRoot = (start: number, size: number): Buffer => referenceRoot(leaves.slice(start, start + size));
    for (let m = 0; m < n; m++) {
      const path = inclusionPath(m, 0, n, rangeRoot);
      const leaf = leafHash(leaves[m] as Buffer);
      assert.deepEqual(rootFromInclusionPath(m, n, leaf, path), root, `leaf ${m} of ${n}`);
      if (n > 1) {
        assert.notDeepEqual(rootFromInclusionPath(m, n, leafHash(Buffer.from('other')), path), root);
        assert.notDeepEqual(rootFromInclusionPath((m + 1) % n, n, leaf, path), root, `leaf ${m} of ${n} at the wrong index`);
      }
    }
  }
});

test('a path of the wrong length or an index outside the tree proves nothing', () => {
  const leaves = leavesOf(5);
  const rangeRoot = (start: number, size: number): Buffer => referenceRoot(leaves.slice(start, start + size));
  const path = inclusionPath(2, 0, 5, rangeRoot);
  const leaf = leafHash(leaves[2] as Buffer);
  assert.equal(rootFromInclusionPath(2, 5, leaf, path.slice(1)), null);
  assert.equal(rootFromInclusionPath(2, 5, leaf, [...path, path[0] as Buffer]), null);
  assert.equal(rootFromInclusionPath(5, 5, leaf, path), null);
  assert.equal(rootFromInclusionPath(-1, 5, leaf, path), null);
});
