import { SEVERITIES, type Severity } from '../domain/classification.js';

/**
 * A DLP severity as the number the SQLite index stores (low 1 … critical 4), so that
 * `dlp-severity>=high` is a range of one index.
 */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity) + 1;
}

/** The severity of a stored rank; null for NULL or a rank no severity has. */
export function severityOfRank(rank: number | null): Severity | null {
  return rank === null ? null : (SEVERITIES[rank - 1] ?? null);
}
