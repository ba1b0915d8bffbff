import type { IndexSpec, Json } from '../../search-engine/search-engine.js';
import type { HitEvidence } from '../../domain/classification.js';
import type { Incident, IncidentNote } from '../incident-store.js';

/** Bump with every mapping change: `ensureIndex` then reindexes into `<alias>-v<N>`. */
export const INCIDENT_INDEX_VERSION = 1;

export function incidentIndexAlias(prefix: string): string {
  return `${prefix}-incidents`;
}

/** One incident document: the port's `Incident` plus what raising and ordering need. */
export interface IncidentSource {
  id: string;
  messageId: string;
  /** The received copy whose classification raised it. */
  spoolId: string;
  ruleId: string;
  pack: string | null;
  severity: Incident['severity'];
  description: string;
  evidence: HitEvidence[];
  status: Incident['status'];
  reviewer: string | null;
  notes: IncidentNote[];
  /** The review version of the port (1 when raised, +1 per change), not the engine's sequence number. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /**
   * Creation order, newest first in lists: epoch microseconds from a clock that never repeats
   * within a process, so incidents raised in the same millisecond (two rules on one message) keep
   * the order they were raised in, as the embedded store's rowid keeps it.
   */
  sequence: number;
}

const KEYWORD: Json = { type: 'keyword', ignore_above: 1024 };
const DATE: Json = { type: 'date' };
const OPAQUE: Json = { type: 'object', enabled: false };

const MAPPINGS: Json = {
  dynamic: 'strict',
  properties: {
    id: KEYWORD,
    messageId: KEYWORD,
    spoolId: KEYWORD,
    ruleId: KEYWORD,
    pack: KEYWORD,
    severity: KEYWORD,
    description: { type: 'text', index: false },
    evidence: OPAQUE,
    status: KEYWORD,
    reviewer: KEYWORD,
    notes: OPAQUE,
    version: { type: 'integer' },
    createdAt: DATE,
    updatedAt: DATE,
    sequence: { type: 'long' },
  },
};

/** The incident index as code: alias `<prefix>-incidents`, id = the incident id (`incidentIdOf`). */
export function incidentIndexSpec(prefix: string): IndexSpec {
  return { alias: incidentIndexAlias(prefix), version: INCIDENT_INDEX_VERSION, settings: {}, mappings: MAPPINGS };
}

/** The port's view of a stored incident. */
export function toIncident(source: IncidentSource): Incident {
  return {
    id: source.id,
    messageId: source.messageId,
    ruleId: source.ruleId,
    pack: source.pack,
    severity: source.severity,
    description: source.description,
    evidence: source.evidence,
    status: source.status,
    reviewer: source.reviewer,
    notes: source.notes,
    version: source.version,
    createdAt: source.createdAt,
    updatedAt: source.updatedAt,
  };
}
