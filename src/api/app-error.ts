/**
 * Every error code the API can answer with, and its HTTP status. This table is the list the
 * API documentation publishes; clients branch on `code`, never on `message`.
 */
export const APP_ERROR_STATUS = {
  /** No bearer token, or one that is unknown. Sent with `WWW-Authenticate`. */
  unauthorized: 401,
  /** A valid token whose role this route does not admit. */
  forbidden: 403,
  /** A second officer must do this (`details.rule`: `four-eyes`, or `requester-only` for a cancel by someone else). */
  four_eyes: 403,
  /** No such route, message, incident or dead letter. */
  not_found: 404,
  /** Parameters, query string or body failed validation; `details.issues` says where. */
  invalid_request: 400,
  /** The search query did not parse: `details.position` (0-based offset in `q`), `details.reason` (the parser's code). */
  query_syntax: 400,
  /** The incident changed since the `version` the update was based on: `details.currentVersion`. Re-read it and try again. */
  version_conflict: 409,
  /** The thing is no longer in a state that allows this (an erasure request already decided, a hold already released): `details` says which. */
  invalid_state: 409,
  /** Request body over the size limit. */
  payload_too_large: 413,
  /** A rules reload found invalid rule files and kept the active set: `details.errors` (file, line, message), `details.activeVersion`. */
  rules_invalid: 422,
  /** A stored original no longer matches its hash: it is withheld and the operator alerted. */
  integrity_failure: 500,
  /** A service the archive depends on (the search cluster, on the cluster profile) is unavailable; sent with `Retry-After`. Try again. */
  unavailable: 503,
  /** The capability does not run on this deployment (the cluster profile has no cases, retention, exports or reports yet). */
  not_available: 501,
  /** Anything unexpected. Details are logged, never sent. */
  internal: 500,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export interface AppErrorOptions {
  /** Safe-to-show structured detail, sent as `error.details`. */
  details?: Record<string, unknown>;
  /** Extra response headers, e.g. `WWW-Authenticate` on a 401. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error type route code throws on purpose. Its message and details are written to the
 * client verbatim, so they must never carry internals; the error middleware maps every other
 * error to one of these codes.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string>;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = APP_ERROR_STATUS[code];
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}
