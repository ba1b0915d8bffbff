import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { TokenStore } from './token-store.js';

export interface BootstrapAdminTokenOptions {
  tokens: TokenStore;
  /** The data directory; the token is written to `<dataDir>/admin-token`. Must exist. */
  dataDir: string;
  logger: Logger;
  /**
   * Where the token itself is shown once. Default: a line on stdout when stdout is a terminal,
   * nothing otherwise. It never goes to `logger`, whose output is shipped and retained elsewhere.
   */
  print?: (line: string) => void;
}

/** Name of the file, inside the data directory, that receives the first admin token. */
export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * Gives a fresh installation its first way in: when no API token exists at all, mints an admin
 * token, writes it to `<dataDir>/admin-token` and returns it. When any token exists it does
 * nothing and returns null, so restarts never mint more admins.
 *
 * The file is opened with O_CREAT|O_EXCL and mode 0600 before the token is minted: it is never
 * readable by others, not even for the moment a create-then-chmod would leave open, O_EXCL will
 * not follow a planted symlink. If the token cannot be written, it is revoked again, so no admin
 * token exists that nobody has seen (and the next start tries afresh).
 * A stale file from an earlier database (tokens table empty) holds a dead token and is replaced.
 */
export async function bootstrapAdminToken(options: BootstrapAdminTokenOptions): Promise<string | null> {
  const { tokens, dataDir, logger } = options;
  const print = options.print ?? printToTerminal;
  if ((await tokens.count()) > 0) return null;

  const path = join(dataDir, ADMIN_TOKEN_FILE);
  const file = await openExclusive(path, logger);
  try {
    const { id, token } = await tokens.create('admin', 'admin');
    try {
      await file.writeFile(`${token}\n`, 'utf8');
      await file.sync();
    } catch (error) {
      await tokens.revoke(id);
      throw error;
    }
    logger.warn({ path }, 'no API tokens existed: created an admin token and wrote it to this file');
    print(`Custodian admin API token (also in ${path}): ${token}`);
    return token;
  } finally {
    await file.close();
  }
}

/**
 * Shows the token on a terminal only. When stdout is not a terminal it is a log (Docker, systemd,
 * a file) that is kept and shipped, so the token stays in the file alone.
 */
function printToTerminal(line: string): void {
  if (process.stdout.isTTY) process.stdout.write(`${line}\n`);
}

async function openExclusive(path: string, logger: Logger) {
  try {
    return await open(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    logger.warn({ path }, 'replacing a stale admin token file: no API tokens exist in the database');
    await unlink(path);
    return await open(path, 'wx', 0o600);
  }
}
