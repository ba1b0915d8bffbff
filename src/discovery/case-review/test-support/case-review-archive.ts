import type { TestContext } from 'node:test';
import { holdsArchive, type HoldsArchive } from '../../../holds/test-support/holds-archive.js';
import { SqliteCaseReview } from '../sqlite/sqlite-case-review.js';

/** A real archive, holds adapter and case-review adapter on one fresh database. */
export interface CaseReviewArchive extends HoldsArchive {
  review: SqliteCaseReview;
}

/** Opens a fresh migrated database; closed when the test ends. */
export function caseReviewArchive(t: TestContext): CaseReviewArchive {
  const archive = holdsArchive(t);
  t.after(() => archive.holds.stop());
  return { ...archive, review: new SqliteCaseReview({ db: archive.db, writer: archive.writer, index: archive.index }) };
}
