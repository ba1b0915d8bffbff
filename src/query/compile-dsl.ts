import { MESSAGE_FIELDS as F, namesPath } from '../archive/search-engine/message-fields.js';
import type { Json } from '../search-engine/search-engine.js';
import type { DateRange, QueryNode, SizeRange, TextField, TextTerm } from './ast.js';
import { ALL, andNodes, NONE, notNode, orNodes, query, toQuery, type DslNode } from './bool-dsl.js';
import { compileAddressDsl } from './compile-address-dsl.js';
import { compileClassificationDsl } from './compile-classification-dsl.js';
import { phraseIn, type TextFieldPath } from './text-match-dsl.js';

/**
 * Compiles a query AST to the query DSL both Elasticsearch and OpenSearch speak, over the message
 * documents `src/archive/search-engine/message-index.ts` maps, with exactly the semantics of
 * `compileToSqlite` over the embedded index.
 *
 * Safety: user text only ever becomes the value of a `match_phrase`, `match_bool_prefix`,
 * `span_term`, `prefix`, `term` or `range` leaf; never `query_string` or `simple_query_string`,
 * so operators, field names or wildcards typed by a user are searched for as words or not at all.
 *
 * Everything is in filter context (no scoring): results are sorted by date or size, and filters
 * are cached by the engine.
 */
export function compileToDsl(node: QueryNode): Json {
  const compiled = toQuery(compileNode(node));
  return isFilterBool(compiled) ? compiled : { bool: { filter: [compiled] } };
}

/** A `bool` of only `filter` and `must_not` clauses scores nothing already; anything else goes in a filter. */
function isFilterBool(q: Json): boolean {
  const bool = q.bool;
  return typeof bool === 'object' && bool !== null && !('should' in bool);
}

function compileNode(node: QueryNode): DslNode {
  switch (node.type) {
    case 'all':
      return ALL;
    case 'and':
      return andNodes(node.children.map(compileNode));
    case 'or':
      return orNodes(node.children.map(compileNode));
    case 'not':
      return notNode(compileNode(node.child));
    case 'text':
      return compileText(node);
    case 'address':
      return compileAddressDsl(node);
    case 'has-attachment':
      return query({ term: { [F.hasAttachment]: true } });
    case 'message-id':
      // A message without a Message-ID has no value here, so `-message-id:x` keeps it, as in SQLite.
      return query({ term: { [F.messageId]: node.value.trim().toLowerCase() } });
    case 'date':
      return compileDate(node);
    case 'size':
      return compileSize(node);
    default:
      return compileClassificationDsl(node);
  }
}

const ATTACHMENT_FIELDS: readonly TextFieldPath[] = [
  { field: F.attachmentName, nested: F.attachments },
  { field: F.attachmentText, nested: F.attachments },
];

/** The fields a text term searches: `any` is every full-text field, names included, as FTS5 without a column filter. */
const TEXT_FIELDS: Readonly<Record<TextField, readonly TextFieldPath[]>> = {
  any: [
    { field: F.subject },
    { field: F.body },
    ...(['from', 'to', 'cc', 'bcc'] as const).map((role) => ({ field: namesPath(role) })),
    ...ATTACHMENT_FIELDS,
  ],
  subject: [{ field: F.subject }],
  body: [{ field: F.body }],
  attachment: ATTACHMENT_FIELDS,
};

/**
 * A phrase is one phrase; a word is the phrase of its tokens (`e-mail` is "e mail"); several
 * whitespace-separated words in one non-phrase term (only from hand-built ASTs) must each occur,
 * each in any of the fields. Words without searchable tokens are left out; a term with none at
 * all (`!!!`) matches nothing.
 */
function compileText(term: TextTerm): DslNode {
  const words = term.phrase ? [term.value] : term.value.split(/\s+/u);
  const phrases = words
    .map((word, i) => phraseIn(TEXT_FIELDS[term.field], word, term.prefix && i === words.length - 1))
    .filter((p): p is DslNode => p !== null);
  return phrases.length === 0 ? NONE : andNodes(phrases);
}

function checkBound(value: number | null): void {
  if (value !== null && !Number.isSafeInteger(value)) throw new RangeError(`query bound ${value} is not an integer`);
}

function range(field: string, bounds: Array<[op: string, value: number | null]>, extra: Json = {}): DslNode {
  const given: Record<string, number> = {};
  for (const [op, value] of bounds) {
    checkBound(value);
    if (value !== null) given[op] = value;
  }
  return Object.keys(given).length === 0 ? ALL : query({ range: { [field]: { ...given, ...extra } } });
}

function compileDate(r: DateRange): DslNode {
  const field = r.field === 'sent' ? F.sentOrReceivedAt : F.receivedAt;
  return range(field, [['gte', r.gte], ['lt', r.lt]], { format: 'epoch_millis' });
}

function compileSize(r: SizeRange): DslNode {
  return range(F.size, [['gte', r.min], ['lte', r.max]]);
}
