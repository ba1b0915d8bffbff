/**
 * Plain-data description of a message's top-level MIME layout, with byte offsets into the
 * received buffer. Offsets are what let the unjournal stage archive an embedded original as an
 * exact slice of what arrived, instead of a re-serialised copy.
 */

/** One header field as received: the value is unfolded but not RFC 2047 decoded. */
export interface MimeHeader {
  /** Lower-cased field name. */
  key: string;
  /** Everything after the first colon, with folding line breaks removed and outer whitespace trimmed. */
  value: string;
}

/** What a MIME entity's headers say about its content. */
export interface MimeEntityInfo {
  headers: MimeHeader[];
  /** Lower-cased media type; `text/plain` when the entity has no Content-Type (RFC 2045 5.2). */
  contentType: string;
  /** The charset parameter as written, or null. */
  charset: string | null;
  /** Lower-cased Content-Transfer-Encoding, or null when absent (meaning 7bit). */
  transferEncoding: string | null;
  /** Lower-cased Content-Disposition value, or null. */
  disposition: string | null;
}

/** One direct child of the top-level multipart. */
export interface MimePart extends MimeEntityInfo {
  /** Offset of the part's first header byte (just after its delimiter line). */
  headerStart: number;
  /** Offset of the first body byte, after the blank line that ends the part's headers. */
  bodyStart: number;
  /**
   * Offset just past the last body byte. The line break in front of the next delimiter line
   * belongs to the delimiter (RFC 2046 5.1.1), so it is not part of the body.
   */
  bodyEnd: number;
}

/** Why a scan could not describe the message completely. */
export type MimeProblemCode =
  /** The splitter stopped (header block or child count over its limits); later parts are missing. */
  | 'split-failed'
  /** Bytes the splitter did not account for (e.g. a part header block cut off by a delimiter). */
  | 'bytes-unaccounted'
  /** A multipart without its closing delimiter; the last part runs to the end of input. */
  | 'missing-close-delimiter'
  /** A multipart Content-Type without a usable boundary parameter. */
  | 'missing-boundary';

export interface MimeProblem {
  code: MimeProblemCode;
  message: string;
  /** Byte offset the problem was noticed at, when there is one. */
  offset: number | null;
}

/** The result of {@link scanMimeParts}. */
export interface MimeStructure extends MimeEntityInfo {
  /** Offset of the first body byte of the whole message. */
  bodyStart: number;
  /** The top-level boundary, or null when the message is not multipart. */
  boundary: string | null;
  /** Direct children of the top-level multipart, in order; empty when the message is not multipart. */
  parts: MimePart[];
  /**
   * Deepest MIME nesting seen: 1 for a single-part message, 2 for a multipart with leaf parts,
   * and one more per level of multipart or inline message/rfc822 below that.
   */
  maxDepth: number;
  /** Empty when the structure was read cleanly. */
  problems: MimeProblem[];
}
