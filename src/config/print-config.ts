import type { Config } from './schema.js';

const SECRET_KEYS = new Set(['passwordHash', 'encryptionKey']);

/** The merged configuration as YAML-ready JSON with secrets masked, for `--print-config`. */
export function printableConfig(config: Readonly<Config>): unknown {
  return JSON.parse(JSON.stringify(config), (key, value: unknown) => (SECRET_KEYS.has(key) ? '********' : value));
}
