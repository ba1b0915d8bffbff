import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument, parse as parseYamlScalar } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';

/** Every problem found in the configuration, reported at once. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export const ENV_PREFIX = 'CUSTODIAN_';
const DEFAULT_CONFIG_FILE = 'custodian.yaml';

type Source = { kind: 'file'; file: string; line: number } | { kind: 'env'; variable: string };

interface RawConfig {
  value: Record<string, unknown>;
  /** Where each dotted key was set, so an error can say which file line or variable to fix. */
  sources: Map<string, Source>;
}

/**
 * Loads the YAML file (explicit path, else `custodian.yaml` in the working directory if present,
 * else nothing) and applies `CUSTODIAN_*` environment overrides: `CUSTODIAN_SMTP__MAX_MESSAGE_BYTES=1000`
 * sets `smtp.maxMessageBytes`. Values are read as YAML scalars, so numbers, booleans and flow
 * lists (`[a, b]`) work. Returns a deeply frozen, validated Config or throws ConfigError.
 */
export function loadConfig(options: { file?: string; env?: NodeJS.ProcessEnv } = {}): Readonly<Config> {
  const env = options.env ?? process.env;
  const file = options.file ?? env.CUSTODIAN_CONFIG ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  const problems: string[] = [];
  const raw: RawConfig = { value: {}, sources: new Map() };
  if (file) readYamlFile(resolve(file), raw, problems);
  applyEnv(env, raw, problems);
  const parsed = configSchema.safeParse(raw.value);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => describeIssue(issue, raw.sources, file)));
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(parsed.data as Config);
}

function readYamlFile(file: string, raw: RawConfig, problems: string[]): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`${file}: cannot read the config file (${(error as Error).message}); fix the path or unset CUSTODIAN_CONFIG`);
    return;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  for (const error of doc.errors) problems.push(`${file}:${error.linePos?.[0].line ?? '?'}: YAML syntax: ${error.message.split('\n')[0]}`);
  if (doc.errors.length > 0) return;
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${file}: the top level must be a mapping of options`);
    return;
  }
  raw.value = value as Record<string, unknown>;
  recordSources(doc.contents, [], file, lineCounter, raw.sources);
}

function recordSources(node: unknown, path: string[], file: string, lineCounter: LineCounter, sources: Map<string, Source>): void {
  if (!node || typeof node !== 'object' || !('items' in node) || !Array.isArray(node.items)) return;
  for (const item of node.items as Array<{ key?: { value?: unknown; range?: [number] }; value?: unknown }>) {
    const key = item.key?.value;
    if (typeof key !== 'string') continue;
    const keyPath = [...path, key];
    const offset = item.key?.range?.[0] ?? 0;
    sources.set(keyPath.join('.'), { kind: 'file', file, line: lineCounter.linePos(offset).line });
    recordSources(item.value, keyPath, file, lineCounter, sources);
  }
}

function applyEnv(env: NodeJS.ProcessEnv, raw: RawConfig, problems: string[]): void {
  for (const [variable, text] of Object.entries(env)) {
    if (!variable.startsWith(ENV_PREFIX) || variable === 'CUSTODIAN_CONFIG' || text === undefined) continue;
    const path = variable.slice(ENV_PREFIX.length).split('__').map(snakeToCamel);
    if (path.some((segment) => segment === '')) {
      problems.push(`${variable}: malformed variable name; use CUSTODIAN_SECTION__OPTION_NAME`);
      continue;
    }
    let value: unknown;
    try {
      value = parseYamlScalar(text);
    } catch {
      value = text;
    }
    setPath(raw.value, path, value);
    raw.sources.set(path.join('.'), { kind: 'env', variable });
  }
}

function snakeToCamel(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

function describeIssue(issue: z.core.$ZodIssue, sources: Map<string, Source>, file: string | undefined): string {
  const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k].join('.')) : [issue.path.join('.')];
  return keys
    .map((key) => {
      const where = findSource(key, sources);
      const place = where?.kind === 'env' ? `${where.variable} (${key})` : where?.kind === 'file' ? `${where.file}:${where.line}: ${key}` : key || '(top level)';
      const fix = issue.code === 'unrecognized_keys'
        ? 'remove it or correct its spelling (see the configuration reference in README.md)'
        : where?.kind === 'env'
          ? `set ${where.variable} to a valid value or unset it`
          : `correct it in ${where?.kind === 'file' ? where.file : (file ?? 'custodian.yaml')} or override with ${envName(key)}`;
      const message = issue.code === 'unrecognized_keys' ? 'unknown option' : issue.message;
      return `${place}: ${message}; fix: ${fix}`;
    })
    .join('\n  - ');
}

function findSource(key: string, sources: Map<string, Source>): Source | undefined {
  for (let path = key; path; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
    const found = sources.get(path);
    if (found) return found;
  }
  return undefined;
}

/** The environment variable that overrides a dotted key. */
export function envName(key: string): string {
  return ENV_PREFIX + key.split('.').map((s) => s.replace(/([A-Z])/g, '_$1').toUpperCase()).join('__');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
