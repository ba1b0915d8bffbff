import { MESSAGE_FIELDS as F } from '../archive/search-engine/message-fields.js';
import type { ScoreRange } from './ast.js';
import { ALL, query, type DslNode } from './bool-dsl.js';
import type { ClassificationTerm } from './compile-classification-sqlite.js';
import { severityRank } from './severity-rank.js';

function scoreRange(range: ScoreRange): DslNode {
  const bounds: Record<string, number> = {};
  if (range.min !== null) bounds[range.min.inclusive ? 'gte' : 'gt'] = range.min.value;
  if (range.max !== null) bounds[range.max.inclusive ? 'lte' : 'lt'] = range.max.value;
  return Object.keys(bounds).length === 0 ? ALL : query({ range: { [F.spamScore]: bounds } });
}

/**
 * A classification term over the message document's `classification` projection (see
 * message-source.ts), with the SQLite compiler's semantics: scores are compared as stored
 * (rounded to 0.001); a message no DLP rule fired on has no severity and matches no severity
 * range, so `-dlp-severity>=high` finds it; `dlp:` looks only at the detectors of DLP hits; tags
 * match without regard to case (the field's normalizer lower-cases the query term too).
 */
export function compileClassificationDsl(term: ClassificationTerm): DslNode {
  switch (term.type) {
    case 'spam-verdict':
      return query({ term: { [F.spamVerdict]: term.verdict } });
    case 'score':
      return scoreRange(term);
    case 'dlp-severity': {
      const bounds: Record<string, number> = { gte: term.min === null ? 1 : severityRank(term.min) };
      if (term.max !== null) bounds.lte = severityRank(term.max);
      return query({ range: { [F.dlpSeverity]: bounds } });
    }
    case 'dlp-detector':
      return query({ term: { [F.dlpDetectors]: term.detector } });
    case 'rule':
      return query({ term: { [F.ruleIds]: term.ruleId } });
    case 'tag':
      return query({ term: { [F.tags]: term.tag } });
    case 'classification-status':
      return query({ term: { [F.classificationStatus]: term.status } });
  }
}
