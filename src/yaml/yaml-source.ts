import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { yamlLine } from './yaml-line.js';

/**
 * One thing wrong in a YAML file: the file, its 1-based line (null when the problem is with the
 * file as a whole) and what is wrong. The loaders' own problem types (rule packs, retention
 * policies, report definitions) have this shape.
 */
export interface YamlProblem {
  file: string;
  line: number | null;
  message: string;
}

/**
 * A YAML file read with positions, so any later problem can name its line. The steps every
 * YAML loader takes (strict: duplicate keys are errors), in one place.
 */
export interface YamlSource {
  file: string;
  /** The document as plain JS. */
  value: unknown;
  /** Line of the node at a path of keys and indexes (of its parent when it is missing); with `key`, of that key. */
  lineOf(path: readonly PropertyKey[], key?: string): number;
}

export interface ReadYamlSourceOptions {
  /** What the file is, for a read failure: `cannot read the <what> (…)`. Default `file`. */
  what?: string;
}

/**
 * Reads and parses a YAML file; on failure adds the read error, or each syntax error (with its
 * line), to `problems` and returns null.
 */
export async function readYamlSource(file: string, problems: YamlProblem[], options: ReadYamlSourceOptions = {}): Promise<YamlSource | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as Error).message;
    problems.push({ file, line: null, message: `cannot read the ${options.what ?? 'file'} (${reason})` });
    return null;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problems.push({ file, line: error.linePos?.[0].line ?? null, message: `YAML syntax: ${error.message.split('\n')[0]}` });
    return null;
  }
  const root = doc.contents as Node | null;
  return { file, value: doc.toJS() as unknown, lineOf: (path, key) => yamlLine(root, lineCounter, path, key) };
}

/** A zod issue as problems at their lines: `path: message`, one per unknown key. */
export function issueProblems(issue: z.core.$ZodIssue, source: YamlSource): YamlProblem[] {
  const where = (path: readonly PropertyKey[]) => (path.length === 0 ? '' : `${path.map(String).join('.')}: `);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ file: source.file, line: source.lineOf(issue.path, key), message: `${where([...issue.path, key])}${issue.message}` }));
  }
  return [{ file: source.file, line: source.lineOf(issue.path), message: `${where(issue.path)}${issue.message}` }];
}
