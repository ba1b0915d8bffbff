import type { Confidence } from '../../domain/classification.js';

/** One instance of sensitive information found in a text. */
export interface Detection {
  detector: string;
  confidence: Confidence;
  /** Offset in the searched text (UTF-16 code units) where the match starts. */
  index: number;
  /** The match, redacted so it can be stored and shown: `**** **** **** 1881`. Never the full value. */
  redacted: string;
  /** True for well-known test values (a card network's published test numbers, documented examples). */
  testValue: boolean;
}

/**
 * A sensitive-information type: candidates found by a linear-time pattern, confirmed by a
 * validator (checksum, format rules), graded by supporting evidence nearby (keywords within a
 * window), in the manner of Microsoft Purview's sensitive information types.
 */
export interface Detector {
  /** Stable id used in rules and searches (`dlp:credit-card`). */
  id: string;
  description: string;
  /** All validated instances in `text`, in order. Must run in time linear in the text's length. */
  find(text: string): Detection[];
}
