import type { HitEvidence, Severity } from '../domain/classification.js';

/** Where an incident is in review. */
export type IncidentStatus = 'open' | 'reviewed' | 'dismissed';
export const INCIDENT_STATUSES = ['open', 'reviewed', 'dismissed'] as const satisfies readonly IncidentStatus[];

/**
 * The rule id of the incident raised when the rule engine kept failing on a message: the message
 * was archived unscanned, which a reviewer must know about.
 */
export const RULE_ENGINE_ERROR_RULE_ID = 'rule-engine-error';

/** A reviewer's note on an incident. Notes are only ever appended. */
export interface IncidentNote {
  /** ISO-8601. */
  at: string;
  /** The API token name of the reviewer. */
  author: string;
  text: string;
}

/** A DLP incident: one per (message, rule) whose hit asked for one, or per rule-engine failure. */
export interface Incident {
  /** Derived from (message id, rule id): the same hit always has the same incident id. */
  id: string;
  /** Archive id (SHA-256 hex) of the message. */
  messageId: string;
  ruleId: string;
  /** The rule's pack; null for `rule-engine-error`. */
  pack: string | null;
  /** The rule's severity; null for a spam rule with an `incident` action. */
  severity: Severity | null;
  /** The rule's description, or the engine's error for `rule-engine-error`. */
  description: string;
  /** The hit's evidence, redacted by the rule engine before it got here. */
  evidence: HitEvidence[];
  status: IncidentStatus;
  /** Who last changed the status; null while nobody has. */
  reviewer: string | null;
  notes: IncidentNote[];
  /** Increases with every change; an update names the version it was based on. */
  version: number;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601. */
  updatedAt: string;
}

/** Filters of `list`; every one given must hold. */
export interface IncidentFilter {
  status?: IncidentStatus;
  severity?: Severity;
  ruleId?: string;
  /** Archive id of the message. */
  messageId?: string;
  /** ISO-8601, inclusive. */
  createdFrom?: string;
  /** ISO-8601, exclusive. */
  createdTo?: string;
}

export interface IncidentListRequest {
  filter: IncidentFilter;
  /** Page size, 1..1000. */
  limit: number;
  /** `nextCursor` of the previous page; null for the first. */
  after: string | null;
}

/** A page of incidents, newest first. */
export interface IncidentPage {
  /** How many incidents match the filter in all. */
  total: number;
  incidents: Incident[];
  nextCursor: string | null;
}

/** One reviewer's change: a new status, a note, or both. */
export interface IncidentUpdate {
  /** The `version` the reviewer saw; the update is refused if the incident has changed since. */
  expectedVersion: number;
  /** Who makes the change (the API token name). */
  actor: string;
  status?: IncidentStatus;
  note?: string;
}

/**
 * The incident store port. Incidents are raised by `ArchiveIndex.record`, in the same transaction
 * as the message they are about; this port reads and reviews them.
 */
export interface IncidentStore {
  list(request: IncidentListRequest): Promise<IncidentPage>;
  get(id: string): Promise<Incident | null>;
  /**
   * Applies a reviewer's change and returns the incident as it now is; null when there is no such
   * incident.
   * @throws IncidentVersionConflictError when the incident is no longer at `expectedVersion`.
   */
  update(id: string, update: IncidentUpdate): Promise<Incident | null>;
}

/** Another reviewer changed the incident first; nothing was written. */
export class IncidentVersionConflictError extends Error {
  override readonly name = 'IncidentVersionConflictError';

  constructor(
    readonly incidentId: string,
    readonly currentVersion: number,
  ) {
    super(`incident ${incidentId} is at version ${currentVersion}`);
  }
}

/** A list request the store cannot run (a cursor it did not issue). */
export class InvalidIncidentQueryError extends Error {
  override readonly name = 'InvalidIncidentQueryError';
}
