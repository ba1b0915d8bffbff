import { accessSync, constants } from 'node:fs';

/** Where Debian's `postfix` package installs its test tools. */
const SBIN = '/usr/sbin';

/**
 * Path of a Postfix test tool (`smtp-source`, `smtp-sink`), or an error that says how to get it,
 * rather than a benchmark that fails half-way with ENOENT.
 */
export function postfixTool(name: 'smtp-source' | 'smtp-sink'): string {
  const path = `${SBIN}/${name}`;
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    throw new Error(
      `${path} not found. Install Postfix's test tools first (see ../shared/PEERS.md):\n` +
        `  echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections\n` +
        `  DEBIAN_FRONTEND=noninteractive apt-get install -y postfix`,
    );
  }
}
