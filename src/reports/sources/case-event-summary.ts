import type { CaseEvent } from '../../discovery/case-review/case-review.js';

/** Longest summary a timeline line gets; a longer one ends in `…`. */
export const SUMMARY_MAX_LENGTH = 200;

type Detail = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value));
const quoted = (value: unknown): string => `"${text(value)}"`;
const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * One line per kind of event, from the detail its writer records (case-review, exports, reports,
 * holds). Note texts are never quoted: a counsel's note may be privileged, and the report is
 * attached to a production.
 */
const SUMMARIES: Readonly<Record<string, (d: Detail) => string>> = {
  'case.create': (d) => `case opened${d.name === undefined ? '' : ` as ${quoted(d.name)}`}`,
  'hold.place': (d) => `hold ${text(d.holdId)} placed${d.reason === undefined ? '' : `: ${text(d.reason)}`}`,
  'hold.release': (d) => `hold ${text(d.holdId)} released${d.reason === undefined ? '' : `: ${text(d.reason)}`}`,
  'search.save': (d) => `search ${quoted(d.query)}: ${plural(Number(d.hitCount ?? 0), 'hit')}`,
  'tag.add': (d) => `tag ${quoted(d.tag)} added to ${plural(Number(d.added ?? count(d.messageIds)), 'message')}`,
  'tag.remove': (d) => `tag ${quoted(d.tag)} removed from ${plural(Number(d.removed ?? count(d.messageIds)), 'message')}`,
  'note.add': () => 'note added',
  'export.request': (d) => `export ${text(d.exportId)} requested (${text(d.format)}${d.reviewTag ? `, tag ${quoted(d.reviewTag)}` : d.query ? `, query ${quoted(d.query)}` : ', whole case'})`,
  'export.complete': (d) => `export ${text(d.exportId)} completed: ${plural(Number(d.messages ?? 0), 'message')}, ${exportFiles(d.files)}`,
  'export.fail': (d) => `export ${text(d.exportId)} failed: ${text(d.reason)}`,
  'export.cancel': (d) => `export ${text(d.exportId)} cancelled${d.reason ? `: ${text(d.reason)}` : ''}`,
  'report.generate': (d) => `report ${text(d.report)} generated for ${text(d.from)} to ${text(d.to)}, sha256 ${text(d.sha256)}`,
};

/**
 * A timeline event in one line of plain text. Known actions read as a sentence; any other lists
 * its detail's values (`key: value; …`), lists by their length, so a tag event over thousands of
 * messages does not print their ids.
 */
export function summariseCaseEvent(event: Pick<CaseEvent, 'action' | 'detail'>): string {
  const known = SUMMARIES[event.action];
  const line = known !== undefined ? known(event.detail) : genericSummary(event.detail);
  return line.length > SUMMARY_MAX_LENGTH ? `${line.slice(0, SUMMARY_MAX_LENGTH - 1)}…` : line;
}

function genericSummary(detail: Detail): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? plural(value.length, 'item') : text(value)}`)
    .join('; ');
}

/** The export files of an `export.complete` event, each with its hash: `export.zip sha256 …, export-2.zip sha256 …`. */
function exportFiles(files: unknown): string {
  if (!Array.isArray(files)) return 'no file listed';
  return files.map((file: { name?: unknown; sha256?: unknown }) => `${text(file.name)} sha256 ${text(file.sha256)}`).join(', ');
}
