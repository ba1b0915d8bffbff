/** The value written after a field prefix, as the parser hands it to the field's builder. */
export interface FieldValue {
  /** Exactly as typed for a bare word (trailing `*` included); the unescaped content if quoted. */
  raw: string;
  /** `raw` without the trailing prefix `*`. */
  text: string;
  quoted: boolean;
  /** A trailing `*` (after the word, or directly after the closing quote). */
  prefix: boolean;
  /** Offset of the value in the query text, for error messages. */
  start: number;
  /** The field as typed, for error messages: `from:`, `size`. */
  field: string;
}
