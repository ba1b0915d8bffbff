import type { Detector } from '../../src/rules/detectors/detector.js';

/** Time spent per detector and in total over a list of texts. */
export interface Throughput {
  bytes: number;
  passes: number;
  totalMs: number;
  perDetectorMs: Map<string, number>;
  detections: number;
}

/**
 * Runs every detector over every text, one text at a time as the pipeline does, repeating whole
 * passes until `minMs` has elapsed (at least one pass after a warm-up), and reports time per detector.
 */
export function measureThroughput(detectors: readonly Detector[], texts: readonly string[], minMs: number): Throughput {
  const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
  for (const detector of detectors) for (const text of texts) detector.find(text);
  const perDetectorMs = new Map(detectors.map((d) => [d.id, 0]));
  let passes = 0;
  let totalMs = 0;
  let detections = 0;
  while (passes === 0 || totalMs < minMs) {
    detections = 0;
    for (const detector of detectors) {
      const started = performance.now();
      for (const text of texts) detections += detector.find(text).length;
      const ms = performance.now() - started;
      perDetectorMs.set(detector.id, (perDetectorMs.get(detector.id) ?? 0) + ms);
      totalMs += ms;
    }
    passes++;
  }
  return { bytes, passes, totalMs, perDetectorMs, detections };
}

/** Megabytes (10^6 bytes) per second. */
export function mbPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}
