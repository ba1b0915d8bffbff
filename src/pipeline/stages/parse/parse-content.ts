/** One attachment's decoded bytes, kept for text extraction. */
export interface AttachmentContent {
  /** Position in `ParsedOriginal.attachments`. */
  index: number;
  /** Decoded content; null when it was larger than `maxKeptBytes` (not extracted, and said so). */
  bytes: Uint8Array | null;
}

/**
 * What the rules need from a parsed original beyond the archive document's fields. Plain data
 * (it crosses worker threads); it is never stored: the original's bytes are the record.
 */
export interface ParsedContent {
  /** Every header field in order: name lower-cased, value unfolded and RFC 2047-decoded. */
  headers: Array<{ name: string; value: string }>;
  /** The HTML body as sent (bounded by the HTML conversion limit); '' when none. */
  html: string;
  attachments: AttachmentContent[];
}

/** The parse stage's full result: the document's fields and the content the rules look at. */
export interface ParseOutcome<Fields> {
  fields: Fields;
  /** Null when the original was not parsed (it carries a flag saying why). */
  content: ParsedContent | null;
}
