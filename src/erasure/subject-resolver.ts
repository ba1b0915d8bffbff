/** One page of a data subject's messages. */
export interface SubjectPage {
  /** Archive ids; a message may appear on more than one page (once per role the address plays). */
  messageIds: string[];
  /** Pass as `after` for the next page; null when there is none. */
  next: string | null;
}

/**
 * Finds every archived message where an address appears in any role (From, Sender, Reply-To, To,
 * Cc, Bcc, envelope and journal recipients, journal sender, on-behalf-of), page by page so that a
 * subject with a million messages never needs them all in memory (port; the embedded profile's
 * adapter is `createSqliteSubjectResolver`).
 */
export interface SubjectResolver {
  /** An opaque mark of what is archived now: pages bounded by it leave out messages archived later. */
  snapshot(): Promise<string>;
  /** Up to `limit` ids of messages involving `address` (lower-cased), archived no later than `snapshot`, after cursor `after`. */
  page(address: string, options: { snapshot: string; after: string | null; limit: number }): Promise<SubjectPage>;
}
