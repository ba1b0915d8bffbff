import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/**
 * The line of the YAML node at `path` (keys and list indexes), or of the deepest node on the way
 * when the path does not exist (a missing key is reported at its parent). With `key`, the line
 * of that key inside the mapping at `path` (for unknown keys).
 */
export function yamlLine(root: Node | null, lineCounter: LineCounter, path: readonly PropertyKey[], key?: string): number {
  let node: Node | null = root;
  let offset = root?.range?.[0] ?? 0;
  const steps = key === undefined ? path : [...path, key];
  for (const [index, step] of steps.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(step));
      if (!pair) break;
      const isUnknownKey = key !== undefined && index === steps.length - 1;
      const keyNode = pair.key as Node;
      offset = keyNode.range?.[0] ?? offset;
      if (isUnknownKey) break;
      node = (pair.value as Node | null) ?? null;
      if (node?.range) offset = node.range[0];
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (!item) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return lineCounter.linePos(offset).line;
}
