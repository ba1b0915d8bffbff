import type { ErasureState } from './erasure-request.js';

/**
 * Why an officer's step on an erasure request was refused:
 * - `not-found`: no such request;
 * - `four-eyes`: the requester tried to approve or reject their own request;
 * - `requester-only`: someone other than the requester tried to cancel it;
 * - `not-pending`: it has already been decided (`state` says how).
 */
export type ErasureErrorCode = 'not-found' | 'four-eyes' | 'requester-only' | 'not-pending';

/** A refused step on an erasure request. The API maps `code` to its response; nothing matches on the message. */
export class ErasureError extends Error {
  override readonly name = 'ErasureError';

  constructor(
    readonly code: ErasureErrorCode,
    message: string,
    /** The request's state when the step was refused, when there is a request. */
    readonly state: ErasureState | null = null,
  ) {
    super(message);
  }
}
