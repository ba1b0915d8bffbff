import type { Config } from './schema.js';

/** Keys whose values are secrets. (The encryption key is a file path in the config, not the key.) */
const SECRET_KEYS = new Set(['passwordHash']);

/** The merged configuration as YAML-ready JSON with secrets masked, for `--print-config`. */
export function printableConfig(config: Readonly<Config>): unknown {
  return JSON.parse(JSON.stringify(config), (key, value: unknown) => (SECRET_KEYS.has(key) ? '********' : value));
}
