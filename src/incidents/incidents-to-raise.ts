import { createHash } from 'node:crypto';
import { RULE_ENGINE_ERROR_PREFIX, type Classification, type HitEvidence, type Severity } from '../domain/classification.js';
import { RULE_ENGINE_ERROR_RULE_ID } from './incident-store.js';


/** What a new incident says, before it has an id, a status or times. */
export interface IncidentSeed {
  ruleId: string;
  pack: string | null;
  severity: Severity | null;
  description: string;
  evidence: HitEvidence[];
}

/**
 * The incidents a classification asks for: one per rule whose hit has an `incident` action, and
 * one `rule-engine-error` when the engine failed (status `error` with an error starting
 * `rule engine:`). A message archived unscanned that way may hold exactly what DLP is for, so it
 * is raised as `high`.
 */
export function incidentsToRaise(classification: Classification): IncidentSeed[] {
  const seeds = new Map<string, IncidentSeed>();
  for (const hit of classification.hits) {
    if (seeds.has(hit.ruleId) || !hit.actions.some((a) => a.action === 'incident')) continue;
    seeds.set(hit.ruleId, {
      ruleId: hit.ruleId,
      pack: hit.pack,
      severity: hit.severity ?? null,
      description: hit.description,
      evidence: hit.evidence,
    });
  }
  const error = classification.error ?? '';
  if (classification.status === 'error' && error.startsWith(RULE_ENGINE_ERROR_PREFIX)) {
    seeds.set(RULE_ENGINE_ERROR_RULE_ID, {
      ruleId: RULE_ENGINE_ERROR_RULE_ID,
      pack: null,
      severity: 'high',
      description: error,
      evidence: [],
    });
  }
  return [...seeds.values()];
}

/** The incident id of (message, rule): 128 bits of SHA-256, so a retry finds the same incident. */
export function incidentIdOf(messageId: string, ruleId: string): string {
  return createHash('sha256').update(`incident\n${messageId}\n${ruleId}`).digest('hex').slice(0, 32);
}
