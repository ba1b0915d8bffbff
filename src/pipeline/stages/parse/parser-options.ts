import type { MailParserOptions } from 'mailparser';

/**
 * mailparser options shared by the depth pre-check and the parser, so both build the same MIME
 * tree (in particular, the same embedded `message/rfc822` parts are opened).
 *
 * - `skipTextToHtml`: we never use `textAsHtml`; linkifying every body is the costliest step.
 * - `checksumAlgo: false`: we hash attachments ourselves with SHA-256 while streaming them.
 * - `maxHtmlLengthToParse`: html-to-text on many megabytes of markup takes seconds; longer HTML
 *   yields no text rather than a stalled worker (see `maxHtmlCharsForBody`).
 */
export function parserOptions(maxBodyTextBytes: number): MailParserOptions {
  return {
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    checksumAlgo: false,
    maxHtmlLengthToParse: maxHtmlCharsForBody(maxBodyTextBytes),
  };
}

/**
 * How much HTML is converted for a body of `maxBodyTextBytes`: markup is typically 3–10× its
 * text, so 4× the text budget, but never below 1 MiB (small budgets still deserve real newsletters)
 * nor above 32 MiB (html-to-text runs about 10–20 MB/s).
 */
export function maxHtmlCharsForBody(maxBodyTextBytes: number): number {
  return Math.min(32 * 1024 * 1024, Math.max(1024 * 1024, maxBodyTextBytes * 4));
}
