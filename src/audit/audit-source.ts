import { userInfo } from 'node:os';

/** The `source` of entries written by scheduled and background work. */
export const SYSTEM_SOURCE = 'system';

/**
 * The `source` of an API request: the client address as express reports it (`req.ip`), so it
 * follows the app's `trust proxy` setting: the socket's peer unless a trusted proxy says
 * otherwise. `unknown` only when the socket is already gone.
 */
export function requestSource(req: { ip?: string | undefined }): string {
  return req.ip ?? 'unknown';
}

/** The `source` of a CLI command: `cli:` and the operating-system user running it. */
export function cliSource(): string {
  return `cli:${userInfo().username}`;
}
