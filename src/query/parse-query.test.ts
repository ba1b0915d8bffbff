import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QueryNode, TextTerm } from './ast.js';
import { parseQuery } from './parse-query.js';
import { QuerySyntaxError } from './query-syntax-error.js';

const word = (value: string, prefix = false): TextTerm => ({ type: 'text', field: 'any', value, phrase: false, prefix });
const phrase = (value: string, prefix = false): TextTerm => ({ type: 'text', field: 'any', value, phrase: true, prefix });
const and = (...children: QueryNode[]): QueryNode => ({ type: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ type: 'or', children });
const not = (child: QueryNode): QueryNode => ({ type: 'not', child });
const utc = (iso: string): number => Date.parse(iso);
const DAY = 86_400_000;

const cases: [string, QueryNode][] = [
  ['', { type: 'all' }],
  ['   \t ', { type: 'all' }],
  ['invoice', word('invoice')],
  ['invoice overdue', and(word('invoice'), word('overdue'))],
  ['invoice AND overdue', and(word('invoice'), word('overdue'))],
  ['invoice and overdue', and(word('invoice'), word('and'), word('overdue'))],
  ['a OR b', or(word('a'), word('b'))],
  ['a or b', and(word('a'), word('or'), word('b'))],
  ['a b OR c', or(and(word('a'), word('b')), word('c'))],
  ['a OR b c', or(word('a'), and(word('b'), word('c')))],
  ['a OR b OR c', or(word('a'), word('b'), word('c'))],
  ['(a OR b) c', and(or(word('a'), word('b')), word('c'))],
  ['((a))', word('a')],
  ['NOT a b', and(not(word('a')), word('b'))],
  ['NOT (a OR b)', not(or(word('a'), word('b')))],
  ['-a', not(word('a'))],
  ['a -b', and(word('a'), not(word('b')))],
  ['a -"b c"', and(word('a'), not(phrase('b c')))],
  ['--a', not(not(word('a')))],
  ['e-mail', word('e-mail')],
  ['"quarterly report"', phrase('quarterly report')],
  ['"say \\"hi\\""', phrase('say "hi"')],
  ['"quarterly rep"*', phrase('quarterly rep', true)],
  ['""', phrase('')],
  ['repo*', word('repo', true)],
  ['foo"bar"', and(word('foo'), phrase('bar'))],
  ['10:30', word('10:30')],
  ['"AND"', phrase('AND')],
  ['subject:AND', { type: 'text', field: 'subject', value: 'AND', phrase: false, prefix: false }],
  ['subject:"q3 report"', { type: 'text', field: 'subject', value: 'q3 report', phrase: true, prefix: false }],
  ['SUBJECT:q3*', { type: 'text', field: 'subject', value: 'q3', phrase: false, prefix: true }],
  ['body:revenue', { type: 'text', field: 'body', value: 'revenue', phrase: false, prefix: false }],
  ['attachment:xlsx', { type: 'text', field: 'attachment', value: 'xlsx', phrase: false, prefix: false }],
  ['filename:"invoice.pdf"', { type: 'text', field: 'attachment', value: 'invoice.pdf', phrase: true, prefix: false }],
  ['from:alice', { type: 'address', role: 'from', value: 'alice', prefix: false }],
  ['from:Alice@Example.COM', { type: 'address', role: 'from', value: 'alice@example.com', prefix: false }],
  ['From:"Alice Smith"', { type: 'address', role: 'from', value: 'Alice Smith', prefix: false }],
  ['to:@Example.com', { type: 'address', role: 'to', value: '@example.com', prefix: false }],
  ['cc:example.com', { type: 'address', role: 'cc', value: 'example.com', prefix: false }],
  ['bcc:ali*', { type: 'address', role: 'bcc', value: 'ali', prefix: true }],
  ['participants:bob', { type: 'address', role: 'participants', value: 'bob', prefix: false }],
  ['from:-x', { type: 'address', role: 'from', value: '-x', prefix: false }],
  ['-from:alice', not({ type: 'address', role: 'from', value: 'alice', prefix: false })],
  [
    'from:(alice OR @example.com)',
    or({ type: 'address', role: 'from', value: 'alice', prefix: false }, { type: 'address', role: 'from', value: '@example.com', prefix: false }),
  ],
  [
    'subject:(a -"b c")',
    and(
      { type: 'text', field: 'subject', value: 'a', phrase: false, prefix: false },
      not({ type: 'text', field: 'subject', value: 'b c', phrase: true, prefix: false }),
    ),
  ],
  ['has:attachment', { type: 'has-attachment' }],
  ['HAS:Attachments', { type: 'has-attachment' }],
  ['message-id:<ABC.123@Example.com>', { type: 'message-id', value: 'abc.123@example.com' }],
  ['message-id:abc@x', { type: 'message-id', value: 'abc@x' }],
  ['message-id:"<a:b@c>"', { type: 'message-id', value: 'a:b@c' }],
  ['after:2024-01-31', { type: 'date', field: 'sent', gte: utc('2024-01-31T00:00:00Z'), lt: null }],
  ['before:2024-01-31', { type: 'date', field: 'sent', gte: null, lt: utc('2024-01-31T00:00:00Z') }],
  ['after:2024-01-31T10:00:00+02:00', { type: 'date', field: 'sent', gte: utc('2024-01-31T08:00:00Z'), lt: null }],
  ['sent:2024-01-31', { type: 'date', field: 'sent', gte: utc('2024-01-31T00:00:00Z'), lt: utc('2024-02-01T00:00:00Z') }],
  ['received:2024-02-29', { type: 'date', field: 'received', gte: utc('2024-02-29T00:00:00Z'), lt: utc('2024-03-01T00:00:00Z') }],
  ['sent:2024-01-31T10:15', { type: 'date', field: 'sent', gte: utc('2024-01-31T10:15:00Z'), lt: utc('2024-01-31T10:16:00Z') }],
  ['sent:2024-01-31T10:15:30Z', { type: 'date', field: 'sent', gte: utc('2024-01-31T10:15:30Z'), lt: utc('2024-01-31T10:15:31Z') }],
  ['sent:2024-01-31T10:15:30.250Z', { type: 'date', field: 'sent', gte: utc('2024-01-31T10:15:30.250Z'), lt: utc('2024-01-31T10:15:30.251Z') }],
  ['sent:>=2024-01-31', { type: 'date', field: 'sent', gte: utc('2024-01-31T00:00:00Z'), lt: null }],
  ['sent:>2024-01-31', { type: 'date', field: 'sent', gte: utc('2024-02-01T00:00:00Z'), lt: null }],
  ['sent:<=2024-01-31', { type: 'date', field: 'sent', gte: null, lt: utc('2024-02-01T00:00:00Z') }],
  ['sent:<2024-01-31', { type: 'date', field: 'sent', gte: null, lt: utc('2024-01-31T00:00:00Z') }],
  ['sent<2024-01-31', { type: 'date', field: 'sent', gte: null, lt: utc('2024-01-31T00:00:00Z') }],
  ['received>=2024-01-31', { type: 'date', field: 'received', gte: utc('2024-01-31T00:00:00Z'), lt: null }],
  ['sent:2024-01-01..2024-01-31', { type: 'date', field: 'sent', gte: utc('2024-01-01T00:00:00Z'), lt: utc('2024-01-01T00:00:00Z') + 31 * DAY }],
  ['sent:2024-01-01..', { type: 'date', field: 'sent', gte: utc('2024-01-01T00:00:00Z'), lt: null }],
  ['sent:..2024-01-01', { type: 'date', field: 'sent', gte: null, lt: utc('2024-01-02T00:00:00Z') }],
  ['size>10K', { type: 'size', min: 10 * 1024 + 1, max: null }],
  ['SIZE>=10k', { type: 'size', min: 10 * 1024, max: null }],
  ['size<2M', { type: 'size', min: null, max: 2 * 1024 * 1024 - 1 }],
  ['size<=2M', { type: 'size', min: null, max: 2 * 1024 * 1024 }],
  ['size:1K..5M', { type: 'size', min: 1024, max: 5 * 1024 * 1024 }],
  ['size:>1G', { type: 'size', min: 1024 ** 3 + 1, max: null }],
  ['size:2048', { type: 'size', min: 2048, max: 2048 }],
  ['size>1.5K', { type: 'size', min: 1537, max: null }],
  ['size<10KB', { type: 'size', min: null, max: 10 * 1024 - 1 }],
  ['a>b', word('a>b')],
  ['size=2K', { type: 'size', min: 2048, max: 2048 }],
  ['spam:yes', { type: 'spam-verdict', verdict: 'spam' }],
  ['SPAM:No', { type: 'spam-verdict', verdict: 'ham' }],
  ['spam:error', { type: 'spam-verdict', verdict: 'error' }],
  ['score>=5', { type: 'score', min: { value: 5, inclusive: true }, max: null }],
  ['score>5', { type: 'score', min: { value: 5, inclusive: false }, max: null }],
  ['score<-1.5', { type: 'score', min: null, max: { value: -1.5, inclusive: false } }],
  ['score:<=0', { type: 'score', min: null, max: { value: 0, inclusive: true } }],
  ['score=5', { type: 'score', min: { value: 5, inclusive: true }, max: { value: 5, inclusive: true } }],
  ['score:2.5', { type: 'score', min: { value: 2.5, inclusive: true }, max: { value: 2.5, inclusive: true } }],
  ['score:-2..7.5', { type: 'score', min: { value: -2, inclusive: true }, max: { value: 7.5, inclusive: true } }],
  ['dlp:credit-card', { type: 'dlp-detector', detector: 'credit-card' }],
  ['dlp:IBAN', { type: 'dlp-detector', detector: 'iban' }],
  ['dlp-severity:high', { type: 'dlp-severity', min: 'high', max: 'high' }],
  ['dlp-severity>=High', { type: 'dlp-severity', min: 'high', max: null }],
  ['dlp-severity>medium', { type: 'dlp-severity', min: 'high', max: null }],
  ['dlp-severity<high', { type: 'dlp-severity', min: null, max: 'medium' }],
  ['dlp-severity:<=low', { type: 'dlp-severity', min: null, max: 'low' }],
  ['dlp-severity:medium..critical', { type: 'dlp-severity', min: 'medium', max: 'critical' }],
  ['rule:pci-card-number-high', { type: 'rule', ruleId: 'pci-card-number-high' }],
  ['tag:"needs review"', { type: 'tag', tag: 'needs review' }],
  ['tag:PCI', { type: 'tag', tag: 'PCI' }],
  ['classification:error', { type: 'classification-status', status: 'error' }],
  ['classification:Classified', { type: 'classification-status', status: 'classified' }],
  ['spam:yes -dlp-severity>=high', and({ type: 'spam-verdict', verdict: 'spam' }, not({ type: 'dlp-severity', min: 'high', max: null }))],
  [
    'from:alice@example.com has:attachment -subject:draft after:2024-01-01 OR size>1M',
    or(
      and(
        { type: 'address', role: 'from', value: 'alice@example.com', prefix: false },
        { type: 'has-attachment' },
        not({ type: 'text', field: 'subject', value: 'draft', phrase: false, prefix: false }),
        { type: 'date', field: 'sent', gte: utc('2024-01-01T00:00:00Z'), lt: null },
      ),
      { type: 'size', min: 1024 * 1024 + 1, max: null },
    ),
  ],
];

const errors: [query: string, message: string, position: number][] = [
  ['subject:"q3 report', 'unclosed quote starting at 8', 8],
  ['"abc', 'unclosed quote starting at 0', 0],
  ['frmo:alice', 'unknown field "frmo:" at 0 (did you mean from:?)', 0],
  ['a recieved:2024-01-01', 'unknown field "recieved:" at 2 (did you mean received:?)', 2],
  ['http://example.com', 'unknown field "http:" at 0 (put it in quotes to search for the text)', 0],
  ['before:yesterday', 'expected a date like 2024-01-31 after "before:" at 7', 7],
  ['before:2024-02-30', 'expected a date like 2024-01-31 after "before:" at 7', 7],
  ['after:2024-01-31T25:00', 'expected a date like 2024-01-31 after "after:" at 6', 6],
  ['sent:>=2024-1-1', 'expected a date like 2024-01-31, >=2024-01-31 or 2024-01-01..2024-01-31 after "sent:" at 5', 5],
  ['sent:2024-02-01..2024-01-01', 'date range ends before it starts at 5', 5],
  ['sent:..', 'expected a date like 2024-01-31, >=2024-01-31 or 2024-01-01..2024-01-31 after "sent:" at 5', 5],
  ['size>lots', 'expected a size like 10K, >2M or 1K..5M after "size" at 4', 4],
  ['size:5M..1K', 'size range is empty at 5', 5],
  ['size<0', 'size range is empty at 4', 4],
  ['spam:maybe', 'expected yes, no or error after "spam:" at 5', 5],
  ['score>lots', 'expected a score like 5, >=5 or 2..7.5 after "score" at 5', 5],
  ['score:1e3', 'expected a score like 5, >=5 or 2..7.5 after "score:" at 6', 6],
  ['score:7..2', 'score range is empty at 6', 6],
  ['score:..', 'expected a score like 5, >=5 or 2..7.5 after "score:" at 6', 6],
  ['dlp-severity:severe', 'expected low, medium, high or critical (or >=high, medium..critical) after "dlp-severity:" at 13', 13],
  ['dlp-severity>critical', 'severity range is empty at 12', 12],
  ['dlp-severity:high..low', 'severity range is empty at 13', 13],
  ['dlp:credit_card', 'expected a detector id like credit-card after "dlp:" at 4', 4],
  ['rule:-x', 'expected a rule id like pci-card-number-high after "rule:" at 5', 5],
  ['tag:""', 'expected a tag after "tag:" at 4', 4],
  ['classification:ok', 'expected classified or error after "classification:" at 15', 15],
  ['has:pdf', 'unknown value "pdf" for "has:" at 4 (only has:attachment is supported)', 4],
  ['from: alice', 'expected an address, @domain or name after "from:" at 5', 5],
  ['from:', 'expected an address, @domain or name after "from:" at 5', 5],
  ['from:@', 'expected an address, @domain or name after "from:" at 5', 5],
  ['message-id:<>', 'expected a message id like <abc@example.com> after "message-id:" at 11', 11],
  ['(a OR b) c) d', 'unbalanced ")" at 10', 10],
  [')', 'unbalanced ")" at 0', 0],
  ['(a OR b', 'unbalanced "(" at 0 (missing ")")', 0],
  ['()', 'empty parentheses at 0', 0],
  ['a AND', 'expected a search term after "AND" at 5, found the end', 5],
  ['a OR OR b', 'expected a search term after "OR" at 5, found "OR"', 5],
  ['(a OR )', 'expected a search term after "OR" at 6, found ")"', 6],
  ['NOT', 'expected a search term after "NOT" at 3, found the end', 3],
  ['AND a', 'unexpected "AND" at 0 (expected a search term)', 0],
  ['a - b', 'expected a search term directly after "-" at 3', 3],
  ['*', 'expected a word before "*" at 0', 0],
];

describe('parseQuery', () => {
  for (const [query, expected] of cases) {
    it(`parses ${JSON.stringify(query)} into the expected tree`, () => {
      assert.deepEqual(parseQuery(query), expected);
    });
  }

  for (const [query, message, position] of errors) {
    it(`rejects ${JSON.stringify(query)} saying where and why`, () => {
      assert.throws(
        () => parseQuery(query),
        (error: unknown) => {
          assert.ok(error instanceof QuerySyntaxError);
          assert.equal(error.message, message);
          assert.equal(error.position, position);
          return true;
        },
      );
    });
  }

  it('gives every syntax error a machine-readable code', () => {
    assert.throws(() => parseQuery('frmo:x'), { code: 'unknown-field' });
    assert.throws(() => parseQuery('"x'), { code: 'unclosed-quote' });
    assert.throws(() => parseQuery('size>x'), { code: 'invalid-value' });
  });
});
