import type { ExtractionLimits } from '../extraction.js';

/** The configuration defaults (see `ExtractionLimits`), for tests to start from. */
export const DEFAULT_LIMITS: Readonly<ExtractionLimits> = {
  maxInputBytes: 25 * 1024 * 1024,
  maxTextBytes: 1024 * 1024,
  maxArchiveDepth: 3,
  maxExpandedBytes: 100 * 1024 * 1024,
  maxArchiveFiles: 1000,
  timeoutMs: 10_000,
};
