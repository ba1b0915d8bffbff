import { DEFAULT_REVIEW_TAGS } from './case-review.js';
import { InvalidReviewError } from './case-review-errors.js';

/** A custom review tag: lower-case words of letters and digits joined by `-`. */
export const REVIEW_TAG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The longest review tag name. */
export const REVIEW_TAG_MAX_LENGTH = 40;

/** Whether `tag` may be used: one of `DEFAULT_REVIEW_TAGS`, or a custom name of the allowed form. */
export function isReviewTag(tag: string): boolean {
  return (DEFAULT_REVIEW_TAGS as readonly string[]).includes(tag) || (tag.length <= REVIEW_TAG_MAX_LENGTH && REVIEW_TAG_PATTERN.test(tag));
}

/** @throws InvalidReviewError when `tag` is not a review tag name. */
export function checkReviewTag(tag: string): void {
  if (!isReviewTag(tag)) {
    throw new InvalidReviewError(`review tag ${JSON.stringify(tag)} must be lower-case words of letters and digits joined by "-", at most ${REVIEW_TAG_MAX_LENGTH} characters`);
  }
}
