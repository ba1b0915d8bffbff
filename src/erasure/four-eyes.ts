import type { Officer } from './erasure-request.js';

/**
 * Whether two officers are the same person, for the four-eyes rule. The same token is; so is the
 * same name on another token (a requester who mints a second token under their own name is still
 * the requester). Names compare without regard to case, Unicode form or surrounding space.
 * A person with two differently named tokens cannot be told apart here: token issuance is the
 * control for that, and every decision records both token ids.
 */
export function isSameOfficer(a: Officer, b: Officer): boolean {
  return a.tokenId === b.tokenId || normalise(a.name) === normalise(b.name);
}

function normalise(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}
