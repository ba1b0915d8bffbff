import type { BulkOperation } from '../../search-engine/search-engine.js';
import { incidentIdOf, type IncidentSeed } from '../incidents-to-raise.js';
import { incidentIndexAlias, type IncidentSource } from './incident-index.js';

/**
 * The writes that raise incidents in the incident index, for the archive index, which sends them
 * while it records a message (before the message document: see `SearchEngineArchiveIndex`).
 */
export class SearchEngineIncidentWriter {
  private readonly index: string;
  private lastSequence = 0;

  constructor(indexPrefix: string) {
    this.index = incidentIndexAlias(indexPrefix);
  }

  /**
   * One create-only write per seed: an open incident raised by the copy `spoolId`, with the
   * deterministic (message, rule) id. A write that finds the incident already there (409) has
   * nothing to do: a retried job, a later copy or a message archived again raises nothing new and
   * never resets a review already under way.
   */
  operations(messageId: string, spoolId: string, seeds: readonly IncidentSeed[], now: number): BulkOperation[] {
    const createdAt = new Date(now).toISOString();
    return seeds.map((seed) => {
      const id = incidentIdOf(messageId, seed.ruleId);
      const doc: IncidentSource = {
        id, messageId, spoolId, ruleId: seed.ruleId, pack: seed.pack, severity: seed.severity, description: seed.description,
        evidence: seed.evidence, status: 'open', reviewer: null, notes: [], version: 1, createdAt, updatedAt: createdAt,
        sequence: this.nextSequence(now),
      };
      return { op: 'index', index: this.index, id, doc: { ...doc }, create: true };
    });
  }

  /** Epoch microseconds, strictly increasing within this process. */
  private nextSequence(now: number): number {
    this.lastSequence = Math.max(now * 1000, this.lastSequence + 1);
    return this.lastSequence;
  }
}
