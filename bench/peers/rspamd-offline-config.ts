import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Modules that make network requests (DNS lists, SPF/DKIM/DMARC lookups, fuzzy hashes, URL
 * redirects) or depend on them. With no network here each lookup times out after hundreds of ms,
 * so rspamd would measure DNS timeouts, not filtering (see ../shared/PEERS.md).
 */
export const RSPAMD_NETWORK_MODULES = [
  'rbl', 'spf', 'dkim', 'dmarc', 'arc', 'asn', 'fuzzy_check', 'mx_check', 'whitelist', 'reputation',
  'url_redirector', 'hfilter', 'emails', 'once_received',
] as const;

/**
 * rspamd normal workers. rspamd 3.4 starts one here by default; two give it both cores, as
 * Custodian's two worker threads have.
 */
export const RSPAMD_NORMAL_WORKERS = 2;

/**
 * Writes rspamd's offline configuration into `localConfDir/local.d/`, the files PEERS.md lists:
 * `<module>.conf` with `enabled = false;` for each network module, `phishing.conf` without
 * PhishTank, `options.inc` pointing DNS at a closed local port with a short timeout, and
 * `worker-normal.inc` with the worker count.
 *
 * Nothing is written under /etc: rspamd is started with `--var LOCAL_CONFDIR=<localConfDir>`, so
 * the stock /etc/rspamd/rspamd.conf reads these files in place of /etc/rspamd/local.d. (Passing
 * `/etc/rspamd` here would configure the system's own rspamd the same way; bench:rules never does.)
 */
export function writeRspamdOfflineConfig(localConfDir: string): void {
  const localD = join(localConfDir, 'local.d');
  mkdirSync(localD, { recursive: true });
  for (const module of RSPAMD_NETWORK_MODULES) writeFileSync(join(localD, `${module}.conf`), 'enabled = false;\n');
  writeFileSync(join(localD, 'phishing.conf'), 'phishtank_enabled = false;\n');
  writeFileSync(join(localD, 'options.inc'), 'dns { nameserver = ["127.0.0.1:53"]; timeout = 0.2s; retransmits = 1; }\n');
  writeFileSync(join(localD, 'worker-normal.inc'), `count = ${RSPAMD_NORMAL_WORKERS};\n`);
}
