import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { InvalidSearchError } from '../archive/archive-index.js';
import { BlobIntegrityError, BlobNotFoundError } from '../archive/blob-store.js';
import { IncidentVersionConflictError, InvalidIncidentQueryError } from '../incidents/incident-store.js';
import { QuerySyntaxError } from '../query/query-syntax-error.js';
import { AppError } from './app-error.js';
import { DependencyUnavailableError } from '../queue/errors.js';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** What a 503 `unavailable` suggests: about the time the search cluster takes to elect a master or restart a node. */
const RETRY_AFTER_SECONDS = 10;

/**
 * The one place error responses are written. Every error, thrown on purpose or not, is first
 * classified into an `AppError`; only an `AppError`'s message and details reach the client, so an
 * unexpected error can never leak a path, a SQL statement or a stack trace.
 */
export function createErrorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const appError = classify(err);
    const context = { method: req.method, path: req.path, code: appError.code, status: appError.status };
    if (err instanceof BlobIntegrityError) {
      logger.error(
        { ...context, err, alert: 'archive-integrity' },
        'ARCHIVE INTEGRITY FAILURE: a stored original does not match its hash; it was withheld. Restore it from a backup copy with the same SHA-256.',
      );
    } else if (appError.status >= 500) {
      logger.error({ ...context, err }, 'request failed');
    } else {
      logger.info(context, 'request rejected');
    }

    if (res.headersSent) {
      // Part of a body is already out; the only honest thing left is to cut the connection.
      next(err);
      return;
    }
    const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
    if (appError.details !== undefined) body.error.details = appError.details;
    res.status(appError.status).set(appError.headers).json(body);
  };
}

function classify(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const issues = err.issues.map((issue) => ({ path: issue.path.map(String), code: issue.code, message: issue.message }));
    return new AppError('invalid_request', 'The request is invalid.', { details: { issues } });
  }
  if (err instanceof QuerySyntaxError) {
    return new AppError('query_syntax', err.message, { details: { position: err.position, reason: err.code } });
  }
  if (err instanceof InvalidSearchError || err instanceof InvalidIncidentQueryError) return new AppError('invalid_request', err.message);
  if (err instanceof IncidentVersionConflictError) {
    return new AppError('version_conflict', 'The incident was changed by someone else; re-read it and try again.', {
      details: { currentVersion: err.currentVersion },
    });
  }
  if (err instanceof DependencyUnavailableError) {
    return new AppError('unavailable', 'A service the archive depends on is unavailable; try again shortly.', { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } });
  }
  if (err instanceof BlobNotFoundError) return new AppError('not_found', 'No such message.');
  if (err instanceof BlobIntegrityError) {
    return new AppError('integrity_failure', 'The stored original failed its integrity check and was withheld.');
  }
  const client = clientError(err);
  if (client) return client;
  return new AppError('internal', 'Internal error.');
}

/**
 * Errors express and its body parser raise for bad requests (http-errors with `expose: true`):
 * malformed JSON, an oversize body, a bad percent-encoding in the path. Their messages are meant
 * for clients.
 */
function clientError(err: unknown): AppError | null {
  if (typeof err !== 'object' || err === null) return null;
  const { status, expose, message } = err as { status?: unknown; expose?: unknown; message?: unknown };
  if (expose !== true || typeof status !== 'number' || status < 400 || status > 499) return null;
  const text = typeof message === 'string' ? message : 'Bad request.';
  if (status === 413) return new AppError('payload_too_large', text);
  if (status === 404) return new AppError('not_found', text);
  return new AppError('invalid_request', text);
}

