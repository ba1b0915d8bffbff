import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json } from '../search-engine/search-engine.js';
import type { QueryNode } from './ast.js';
import { QUERY_CASES } from './test-support/query-cases.js';
import { compileToDsl } from './compile-dsl.js';
import { parseQuery } from './parse-query.js';
import { QuerySyntaxError } from './query-syntax-error.js';
import { foldToken } from './text-match-dsl.js';
import { punctuationSoup } from './test-support/punctuation-soup.js';

const dsl = (q: string) => compileToDsl(parseQuery(q));
const filtered = (...clauses: Json[]) => ({ bool: { filter: clauses } });
const anyOf = (...should: Json[]) => ({ bool: { should, minimum_should_match: 1 } });
const phrase = (field: string, words: string) => ({ match_phrase: { [field]: { query: words } } });

const PLAIN_TEXT_FIELDS = ['subject', 'body', 'names.from', 'names.to', 'names.cc', 'names.bcc'];

/** A word or phrase in any full-text field: the top-level ones, then the attachments' name and text. */
function inAnyField(make: (field: string) => Json): Json {
  return anyOf(
    ...PLAIN_TEXT_FIELDS.map(make),
    { nested: { path: 'attachments', query: anyOf(make('attachments.name'), make('attachments.text')) } },
  );
}

const FROM_FIELDS = ['addresses.from', 'addresses.sender', 'addresses.journalSender', 'addresses.onBehalfOf'];

/** Query types a compiled query may contain; anything else (query_string, wildcard, script …) fails the walk. */
const ALLOWED = new Set([
  'bool', 'match_all', 'match_none', 'match_phrase', 'match_bool_prefix', 'span_near', 'span_term', 'span_multi', 'prefix', 'term', 'range', 'nested',
]);

/** Every query type in a compiled query, following each compound query into its clauses. */
function queryTypes(q: Json, into: Set<string> = new Set()): Set<string> {
  const keys = Object.keys(q);
  assert.equal(keys.length, 1, `a query has one type: ${JSON.stringify(q)}`);
  const type = keys[0] ?? '';
  into.add(type);
  const body = q[type] as Record<string, unknown>;
  const each = (list: unknown) => (list as Json[] | undefined)?.forEach((c) => queryTypes(c, into));
  if (type === 'bool') for (const kind of ['filter', 'must_not', 'should']) each(body[kind]);
  if (type === 'nested') queryTypes(body.query as Json, into);
  if (type === 'span_near') each(body.clauses);
  if (type === 'span_multi') queryTypes(body.match as Json, into);
  return into;
}

describe('compileToDsl', () => {
  it('compiles a word to a phrase of its tokens in every full-text field, attachments through their nested documents', () => {
    assert.deepEqual(dsl('report'), filtered(inAnyField((f) => phrase(f, 'report'))));
    assert.deepEqual(dsl('e-mail'), filtered(inAnyField((f) => phrase(f, 'e mail'))));
    assert.deepEqual(dsl('subject:"Quarterly  Report"'), filtered(phrase('subject', 'Quarterly Report')));
    assert.deepEqual(
      dsl('attachment:revenue'),
      filtered({ nested: { path: 'attachments', query: anyOf(phrase('attachments.name', 'revenue'), phrase('attachments.text', 'revenue')) } }),
    );
  });

  it('compiles a one-word prefix to an analysed, unbounded prefix and a phrase prefix to spans of folded words', () => {
    assert.deepEqual(dsl('subject:Quart*'), filtered({ match_bool_prefix: { subject: { query: 'Quart' } } }));
    assert.deepEqual(dsl('subject:"Quarterly Ärger rep"*'), filtered({
      span_near: {
        clauses: [
          { span_term: { subject: 'quarterly' } },
          { span_term: { subject: 'arger' } },
          { span_multi: { match: { prefix: { subject: { value: 'rep' } } } } },
        ],
        slop: 0,
        in_order: true,
      },
    }));
  });

  it('puts exclusions in must_not and flattens AND and OR chains', () => {
    const word = (w: string) => inAnyField((f) => phrase(f, w));
    assert.deepEqual(dsl('invoice -lunch'), { bool: { filter: [word('invoice')], must_not: [word('lunch')] } });
    assert.deepEqual(dsl('-report'), { bool: { must_not: [word('report')] } });
    assert.deepEqual(dsl('NOT NOT report'), filtered(word('report')));
    assert.deepEqual(dsl('subject:(invoice OR lunch OR report)'), filtered(anyOf(phrase('subject', 'invoice'), phrase('subject', 'lunch'), phrase('subject', 'report'))));
    assert.deepEqual(dsl('has:attachment (size>1K size<2K)'), filtered(
      { term: { hasAttachment: true } }, { range: { size: { gte: 1025 } } }, { range: { size: { lte: 2047 } } },
    ));
  });

  it('compiles addresses by their shape: exact, domain, domain or name, name', () => {
    assert.deepEqual(dsl('from:Alice@Example.COM'), filtered(anyOf(...FROM_FIELDS.map((f) => ({ term: { [f]: 'alice@example.com' } })))));
    assert.deepEqual(dsl('bcc:@Example.com'), filtered({ term: { 'addresses.bcc.domain': 'example.com' } }));
    assert.deepEqual(dsl('to:example.com'), filtered(anyOf({ term: { 'addresses.to.domain': 'example.com' } }, phrase('names.to', 'example com'))));
    assert.deepEqual(dsl('cc:"Carol White"'), filtered(phrase('names.cc', 'Carol White')));
    assert.deepEqual(dsl('from:ali*'), filtered({ match_bool_prefix: { 'names.from': { query: 'ali' } } }));
    const participants = dsl('participants:dave@example.com');
    assert.equal(JSON.stringify(participants).match(/"term"/g)?.length, 9, 'every address field');
    assert.deepEqual(dsl('participants:alice'), filtered(anyOf(...['from', 'to', 'cc', 'bcc'].map((r) => phrase(`names.${r}`, 'alice')))));
  });

  it('compiles dates as half-open epoch-millisecond ranges, sent falling back to the receive time', () => {
    const day = Date.UTC(2024, 0, 31);
    assert.deepEqual(dsl('sent:2024-01-31'), filtered({ range: { sentOrReceivedAt: { gte: day, lt: day + 86_400_000, format: 'epoch_millis' } } }));
    assert.deepEqual(dsl('received<2024-01-31'), filtered({ range: { receivedAt: { lt: day, format: 'epoch_millis' } } }));
    assert.deepEqual(dsl('after:2024-01-31'), filtered({ range: { sentOrReceivedAt: { gte: day, format: 'epoch_millis' } } }));
  });

  it('compiles verdict terms to the classification projection', () => {
    assert.deepEqual(dsl('spam:yes'), filtered({ term: { 'classification.spamVerdict': 'spam' } }));
    assert.deepEqual(dsl('score>5'), filtered({ range: { 'classification.spamScore': { gt: 5 } } }));
    assert.deepEqual(dsl('score:-1..1.5'), filtered({ range: { 'classification.spamScore': { gte: -1, lte: 1.5 } } }));
    assert.deepEqual(dsl('dlp-severity<high'), filtered({ range: { 'classification.dlpSeverity': { gte: 1, lte: 2 } } }));
    assert.deepEqual(dsl('-dlp-severity>=low'), { bool: { must_not: [{ range: { 'classification.dlpSeverity': { gte: 1 } } }] } });
    assert.deepEqual(dsl('dlp:credit-card'), filtered({ term: { 'classification.dlpDetectors': 'credit-card' } }));
    assert.deepEqual(dsl('rule:spam-gtube'), filtered({ term: { 'classification.ruleIds': 'spam-gtube' } }));
    assert.deepEqual(dsl('tag:Bulk'), filtered({ term: { 'classification.tags': 'Bulk' } }));
    assert.deepEqual(dsl('classification:error'), filtered({ term: { 'classification.status': 'error' } }));
    assert.deepEqual(dsl('message-id:<ABC@Example.com>'), filtered({ term: { messageId: 'abc@example.com' } }));
  });

  it('folds constants: no searchable words match nothing, open ranges and empty chains are constants', () => {
    const none = filtered({ match_none: {} });
    const all = filtered({ match_all: {} });
    assert.deepEqual(dsl('!!!'), none);
    assert.deepEqual(dsl('""'), none);
    assert.deepEqual(dsl('-!!!'), all);
    assert.deepEqual(dsl(''), all);
    assert.deepEqual(dsl('report !!!'), none);
    assert.deepEqual(dsl('!!! OR has:attachment'), filtered({ term: { hasAttachment: true } }));
    const built = (node: QueryNode) => compileToDsl(node);
    assert.deepEqual(built({ type: 'and', children: [] }), all);
    assert.deepEqual(built({ type: 'or', children: [] }), none);
    assert.deepEqual(built({ type: 'not', child: { type: 'all' } }), none);
    assert.deepEqual(built({ type: 'date', field: 'received', gte: null, lt: null }), all);
    assert.deepEqual(built({ type: 'score', min: null, max: null }), all);
    assert.deepEqual(built({ type: 'text', field: 'body', value: ' lunch  friday ', phrase: false, prefix: false }),
      filtered(phrase('body', 'lunch'), phrase('body', 'friday')));
    assert.throws(() => built({ type: 'size', min: 1.5, max: null }), RangeError);
  });

  it('builds every query of the embedded compiler\'s table from leaf queries only, never from query strings', () => {
    for (const [query] of QUERY_CASES) {
      const types = queryTypes(dsl(query));
      for (const type of types) assert.ok(ALLOWED.has(type), `${type} in ${query}`);
    }
  });

  it('keeps injection attempts as plain values of leaf queries', () => {
    assert.deepEqual(dsl('tag:"x\' OR 1=1 --"'), filtered({ term: { 'classification.tags': "x' OR 1=1 --" } }));
    assert.deepEqual(dsl('"subject:invoice"'), filtered(inAnyField((f) => phrase(f, 'subject invoice'))));
    assert.deepEqual(dsl('"*"'), filtered({ match_none: {} }));
    assert.deepEqual(dsl('from:"x\' OR 1=1 --@evil.test"'), filtered(phrase('names.from', 'x OR 1 1 evil test')));
  });

  it('either rejects random punctuation soup with a QuerySyntaxError or compiles it to leaf queries', () => {
    for (const query of punctuationSoup(7)) {
      try {
        for (const type of queryTypes(dsl(query))) assert.ok(ALLOWED.has(type), `${type} in ${JSON.stringify(query)}`);
      } catch (error) {
        assert.ok(error instanceof QuerySyntaxError, `${JSON.stringify(query)}: ${String(error)}`);
      }
    }
  });
});

describe('foldToken', () => {
  it('folds as the index analyzer does: lower case, Latin diacritics and ligatures to ASCII, other scripts kept', () => {
    const cases: Array<[string, string]> = [
      ['Ärger', 'arger'], ['Straße', 'strasse'], ['ﬁne', 'fine'], ['Øre', 'ore'], ['Łódź', 'lodz'], ['CAFÉ', 'cafe'],
      ['ΆΛΦΑ', 'άλφα'], ['Йод', 'йод'], ['日本語', '日本語'], ['x'.repeat(300), 'x'.repeat(255)],
    ];
    for (const [token, folded] of cases) assert.equal(foldToken(token), folded, token);
  });
});
