/**
 * Review work that cannot be done as asked: a tag name that is not one, or messages outside the
 * case. `message` says why, for the person who asked; `outsideCase` lists the refused ids.
 */
export class InvalidReviewError extends Error {
  override readonly name = 'InvalidReviewError';

  constructor(
    message: string,
    /** The asked message ids that are not in the case's scope (or not archived); empty for a bad tag. */
    readonly outsideCase: readonly string[] = [],
  ) {
    super(message);
  }
}
