import type { Confidence } from '../../src/domain/classification.js';
import { CONFIDENCES } from '../../src/domain/classification.js';
import type { Detector } from '../../src/rules/detectors/detector.js';
import type { LabelledCase } from './labelled-set.js';

/** Counts for one detector at one confidence threshold. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** A case a detector got wrong, for the report. */
export interface Miss {
  kind: 'FP' | 'FN';
  text: string;
  source: string;
}

export interface DetectorScore {
  id: string;
  positives: number;
  negatives: number;
  /** Any detection counts. */
  any: Counts;
  /** Only detections of medium or high confidence count. */
  medium: Counts;
  /** Mistakes at any confidence. */
  misses: Miss[];
}

const atLeast = (confidence: Confidence, floor: Confidence) => CONFIDENCES.indexOf(confidence) >= CONFIDENCES.indexOf(floor);

/**
 * Runs every detector over every case. A case is positive for the detectors in its `expect` and
 * negative for all others, so a detector firing on another detector's example is a false positive.
 */
export function scoreDetectors(detectors: readonly Detector[], cases: readonly LabelledCase[]): DetectorScore[] {
  return detectors.map((detector) => {
    const score: DetectorScore = { id: detector.id, positives: 0, negatives: 0, any: { tp: 0, fp: 0, fn: 0 }, medium: { tp: 0, fp: 0, fn: 0 }, misses: [] };
    for (const c of cases) {
      const hits = detector.find(c.text);
      const expected = c.expect.includes(detector.id);
      if (expected) score.positives++;
      else score.negatives++;
      const count = (counts: Counts, found: boolean) => {
        if (found && expected) counts.tp++;
        else if (found) counts.fp++;
        else if (expected) counts.fn++;
      };
      count(score.any, hits.length > 0);
      count(score.medium, hits.some((h) => atLeast(h.confidence, 'medium')));
      if (hits.length > 0 !== expected) score.misses.push({ kind: expected ? 'FN' : 'FP', text: c.text, source: c.source });
    }
    return score;
  });
}

/** Precision as a percentage string; `n/a` when the detector reported nothing. */
export function precision(c: Counts): string {
  return c.tp + c.fp === 0 ? 'n/a' : `${((100 * c.tp) / (c.tp + c.fp)).toFixed(1)}%`;
}

/** Recall as a percentage string; `n/a` when there were no positives. */
export function recall(c: Counts): string {
  return c.tp + c.fn === 0 ? 'n/a' : `${((100 * c.tp) / (c.tp + c.fn)).toFixed(1)}%`;
}
