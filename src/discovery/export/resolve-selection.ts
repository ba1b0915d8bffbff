import type { ArchiveIndex } from '../../archive/archive-index.js';
import type { QueryNode } from '../../query/ast.js';
import type { CaseReview } from '../case-review/case-review.js';
import type { ExportSelection } from './export-store.js';

/** Ids asked for per page while freezing a selection. */
const PAGE = 1000;

export interface SelectionSources {
  index: ArchiveIndex;
  caseReview: CaseReview;
  parseQuery: (text: string) => QueryNode;
}

/**
 * The archive ids a selection covers, a page at a time: a case's review tag in archive-id order
 * (`taggedMessages`); a search within a case (`search` with the case's scope), or over the whole
 * archive (the index), by receipt time, oldest first. Deep pages use the backends' cursors.
 * @throws QuerySyntaxError, CaseNotFoundError (from the sources)
 */
export async function* selectionPages(selection: ExportSelection, sources: SelectionSources): AsyncGenerator<string[]> {
  const { caseId, query, reviewTag } = selection;
  if (caseId !== null && reviewTag !== null) {
    for (let after: string | null = null; ;) {
      const page = await sources.caseReview.taggedMessages(caseId, reviewTag, { limit: PAGE, after });
      if (page.ids.length > 0) yield page.ids;
      if (page.nextCursor === null) return;
      after = page.nextCursor;
    }
  }
  const search = caseId !== null
    ? (after: string | null) => sources.caseReview.search(caseId, query, { sort: 'received', order: 'asc', limit: PAGE, after })
    : (() => {
      const node = sources.parseQuery(query ?? '');
      return (after: string | null) => sources.index.search({ query: node, sort: 'received', order: 'asc', limit: PAGE, after });
    })();
  for (let after: string | null = null; ;) {
    const result = await search(after);
    if (result.hits.length > 0) yield result.hits.map((hit) => hit.id);
    if (result.nextCursor === null || result.hits.length === 0) return;
    after = result.nextCursor;
  }
}
