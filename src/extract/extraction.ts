import type { AttachmentExtraction } from '../domain/classification.js';

/** One attachment to extract text from. */
export interface ExtractionInput {
  bytes: Uint8Array;
  /** File name as sent, or null. */
  filename: string | null;
  /** Content-Type the sender declared, lower-cased, without parameters. */
  declaredType: string;
}

/** One file's text: an attachment itself, or an entry inside an archive attachment. */
export interface ExtractedFile extends AttachmentExtraction {
  /** Extracted text, bounded by `maxTextBytes`; null when none. */
  text: string | null;
  size: number;
}

/** Bounds on extraction, so no attachment (zip bomb, pathological PDF) can stall a worker. */
export interface ExtractionLimits {
  /** Attachments larger than this are not extracted (`limit-exceeded`). Config default 25 MiB. */
  maxInputBytes: number;
  /** UTF-8 bytes of text kept per file. Config default 1 MiB. */
  maxTextBytes: number;
  /** Deepest nesting of archives inside archives. Config default 3. */
  maxArchiveDepth: number;
  /** Most bytes expanded from one attachment's archives in all. Config default 100 MiB. */
  maxExpandedBytes: number;
  /** Most files read from one attachment's archives. Config default 1000. */
  maxArchiveFiles: number;
  /** Longest one attachment's extraction may take, in ms; then `timed-out`. Config default 10000. */
  timeoutMs: number;
}

/**
 * Extracts text from attachments. One attachment can yield several files (an archive's entries,
 * recursively); every one of them is reported, with text or with the reason it has none.
 */
export interface AttachmentExtractor {
  extract(input: ExtractionInput): Promise<ExtractedFile[]>;
  close(): Promise<void>;
}
