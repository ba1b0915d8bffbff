import { SEVERITIES, type Severity } from '../domain/classification.js';
import type { AddressRole, QueryNode, ScoreBound, TextField } from './ast.js';
import type { FieldValue } from './field-value.js';
import { parseComparison } from './parse-comparison.js';
import { parseDateValue, type DateSpan } from './parse-date-value.js';
import { parseSizeValue } from './parse-size-value.js';
import { QuerySyntaxError } from './query-syntax-error.js';

/** How one `name:` field turns its value into an AST node. */
export interface FieldSpec {
  /** What a value looks like, completing "expected … after "name:"". */
  expects: string;
  /** @throws QuerySyntaxError when the value is not valid for this field. */
  build(value: FieldValue): QueryNode;
}

function invalid(spec: { expects: string }, value: FieldValue): QuerySyntaxError {
  return new QuerySyntaxError(
    `expected ${spec.expects} after "${value.field}" at ${value.start}`,
    value.start,
    'invalid-value',
  );
}

function addressField(role: AddressRole): FieldSpec {
  const spec: FieldSpec = {
    expects: 'an address, @domain or name',
    build(value) {
      const text = value.text.trim();
      if (text === '' || text === '@') throw invalid(spec, value);
      // Addresses and domains are stored lower-cased; a display name keeps its case for display.
      const looksLikeAddress = (text.includes('@') || text.includes('.')) && !/\s/u.test(text);
      return { type: 'address', role, value: looksLikeAddress ? text.toLowerCase() : text, prefix: value.prefix };
    },
  };
  return spec;
}

function textField(field: TextField): FieldSpec {
  const spec: FieldSpec = {
    expects: 'a word or "phrase"',
    build(value) {
      if (!value.quoted && value.text === '') throw invalid(spec, value);
      return { type: 'text', field, value: value.text, phrase: value.quoted, prefix: value.prefix };
    },
  };
  return spec;
}

const hasField: FieldSpec = {
  expects: 'attachment',
  build(value) {
    const what = value.raw.toLowerCase();
    if (what === 'attachment' || what === 'attachments') return { type: 'has-attachment' };
    throw new QuerySyntaxError(
      `unknown value "${value.raw}" for "${value.field}" at ${value.start} (only has:attachment is supported)`,
      value.start,
      'invalid-value',
    );
  },
};

const messageIdField: FieldSpec = {
  expects: 'a message id like <abc@example.com>',
  build(value) {
    let id = value.raw.trim();
    if (id.startsWith('<') && id.endsWith('>')) id = id.slice(1, -1).trim();
    if (id === '') throw invalid(messageIdField, value);
    return { type: 'message-id', value: id.toLowerCase() };
  },
};

const DATE_EXPECTS = 'a date like 2024-01-31';

function dateSpan(operand: string, spec: { expects: string }, value: FieldValue): DateSpan {
  const span = parseDateValue(operand);
  if (!span) throw invalid(spec, value);
  return span;
}

/** `after:D` and `before:D`: the instant D starts; the Date header (sent) time. */
function boundaryField(which: 'after' | 'before'): FieldSpec {
  const spec: FieldSpec = {
    expects: DATE_EXPECTS,
    build(value) {
      const { start } = dateSpan(value.raw, spec, value);
      return which === 'after'
        ? { type: 'date', field: 'sent', gte: start, lt: null }
        : { type: 'date', field: 'sent', gte: null, lt: start };
    },
  };
  return spec;
}

/** `sent:` / `received:` with `D`, `>=D`, `<=D`, `>D`, `<D` or `A..B`, all on whole spans. */
function dateRangeField(field: 'sent' | 'received'): FieldSpec {
  const spec: FieldSpec = {
    expects: `${DATE_EXPECTS}, >=2024-01-31 or 2024-01-01..2024-01-31`,
    build(value) {
      const cmp = parseComparison(value.raw);
      let gte: number | null = null;
      let lt: number | null = null;
      if (cmp.kind === 'equal') {
        ({ start: gte, end: lt } = dateSpan(cmp.operand, spec, value));
      } else if (cmp.kind === 'between') {
        if (cmp.from === null && cmp.to === null) throw invalid(spec, value);
        if (cmp.from !== null) gte = dateSpan(cmp.from, spec, value).start;
        if (cmp.to !== null) lt = dateSpan(cmp.to, spec, value).end;
      } else {
        const span = dateSpan(cmp.operand, spec, value);
        if (cmp.op === '>=') gte = span.start;
        else if (cmp.op === '>') gte = span.end;
        else if (cmp.op === '<=') lt = span.end;
        else lt = span.start;
      }
      if (gte !== null && lt !== null && gte >= lt) {
        throw new QuerySyntaxError(`date range ends before it starts at ${value.start}`, value.start, 'invalid-value');
      }
      return { type: 'date', field, gte, lt };
    },
  };
  return spec;
}

/** `size>10K`, `size:<=2M`, `size:1K..5M`, `size:2048`; bounds are whole bytes, inclusive. */
const sizeField: FieldSpec = {
  expects: 'a size like 10K, >2M or 1K..5M',
  build(value) {
    const bytes = (operand: string): number => {
      const n = parseSizeValue(operand);
      if (n === null) throw invalid(sizeField, value);
      return n;
    };
    const cmp = parseComparison(value.raw);
    let min: number | null = null;
    let max: number | null = null;
    if (cmp.kind === 'equal') {
      const n = bytes(cmp.operand);
      min = Math.ceil(n);
      max = Math.floor(n);
    } else if (cmp.kind === 'between') {
      if (cmp.from === null && cmp.to === null) throw invalid(sizeField, value);
      if (cmp.from !== null) min = Math.ceil(bytes(cmp.from));
      if (cmp.to !== null) max = Math.floor(bytes(cmp.to));
    } else {
      const n = bytes(cmp.operand);
      if (cmp.op === '>=') min = Math.ceil(n);
      else if (cmp.op === '>') min = Math.floor(n) + 1;
      else if (cmp.op === '<=') max = Math.floor(n);
      else max = Math.ceil(n) - 1;
    }
    if ((min !== null && max !== null && min > max) || (max !== null && max < 0)) {
      throw new QuerySyntaxError(`size range is empty at ${value.start}`, value.start, 'invalid-value');
    }
    return { type: 'size', min, max };
  },
};

/** `spam:yes`, `spam:no`, `spam:error` (the rules did not run, or failed). */
const spamField: FieldSpec = {
  expects: 'yes, no or error',
  build(value) {
    const verdict = { yes: 'spam', no: 'ham', error: 'error' }[value.raw.toLowerCase()];
    if (verdict === 'spam' || verdict === 'ham' || verdict === 'error') return { type: 'spam-verdict', verdict };
    throw invalid(spamField, value);
  },
};

/** A decimal score, possibly negative: `5`, `-1.5`. */
function scoreValue(text: string, value: FieldValue): number {
  if (!/^-?\d+(?:\.\d+)?$/u.test(text)) throw invalid(scoreField, value);
  return Number(text);
}

/** `score>=5`, `score<0`, `score:2..5` (inclusive), `score:5` or `score=5` (exactly). */
const scoreField: FieldSpec = {
  expects: 'a score like 5, >=5 or 2..7.5',
  build(value) {
    const cmp = parseComparison(value.raw);
    let min: ScoreBound | null = null;
    let max: ScoreBound | null = null;
    if (cmp.kind === 'equal') {
      const n = scoreValue(cmp.operand, value);
      min = { value: n, inclusive: true };
      max = { value: n, inclusive: true };
    } else if (cmp.kind === 'between') {
      if (cmp.from === null && cmp.to === null) throw invalid(scoreField, value);
      if (cmp.from !== null) min = { value: scoreValue(cmp.from, value), inclusive: true };
      if (cmp.to !== null) max = { value: scoreValue(cmp.to, value), inclusive: true };
    } else {
      const n = scoreValue(cmp.operand, value);
      if (cmp.op === '>=' || cmp.op === '>') min = { value: n, inclusive: cmp.op === '>=' };
      else max = { value: n, inclusive: cmp.op === '<=' };
    }
    if (min !== null && max !== null && (min.value > max.value || (min.value === max.value && !(min.inclusive && max.inclusive)))) {
      throw new QuerySyntaxError(`score range is empty at ${value.start}`, value.start, 'invalid-value');
    }
    return { type: 'score', min, max };
  },
};

/** `dlp-severity:high` (exactly), `dlp-severity>=high`, `dlp-severity:medium..critical`. */
const dlpSeverityField: FieldSpec = {
  expects: 'low, medium, high or critical (or >=high, medium..critical)',
  build(value) {
    const severity = (text: string): Severity => {
      const found = SEVERITIES.find((s) => s === text.toLowerCase());
      if (found === undefined) throw invalid(dlpSeverityField, value);
      return found;
    };
    const at = (s: Severity): number => SEVERITIES.indexOf(s);
    const cmp = parseComparison(value.raw);
    let min: Severity | null = null;
    let max: Severity | null = null;
    if (cmp.kind === 'equal') {
      min = max = severity(cmp.operand);
    } else if (cmp.kind === 'between') {
      if (cmp.from === null && cmp.to === null) throw invalid(dlpSeverityField, value);
      if (cmp.from !== null) min = severity(cmp.from);
      if (cmp.to !== null) max = severity(cmp.to);
    } else {
      const s = severity(cmp.operand);
      if (cmp.op === '>=') min = s;
      else if (cmp.op === '<=') max = s;
      else if (cmp.op === '>') min = SEVERITIES[at(s) + 1] ?? null;
      else max = SEVERITIES[at(s) - 1] ?? null;
      // `>critical` and `<low` name no severity at all.
      if (min === null && max === null) throw new QuerySyntaxError(`severity range is empty at ${value.start}`, value.start, 'invalid-value');
    }
    if (min !== null && max !== null && at(min) > at(max)) {
      throw new QuerySyntaxError(`severity range is empty at ${value.start}`, value.start, 'invalid-value');
    }
    return { type: 'dlp-severity', min, max };
  },
};

/** Rule and detector ids are lower-case letters, digits and dashes (the rule-pack schema's rule). */
function idField(expects: string, build: (id: string) => QueryNode): FieldSpec {
  const spec: FieldSpec = {
    expects,
    build(value) {
      const id = value.raw.toLowerCase();
      if (!/^[a-z0-9][a-z0-9-]*$/u.test(id)) throw invalid(spec, value);
      return build(id);
    },
  };
  return spec;
}

/** `tag:pci`, `tag:"needs review"`: a tag from a rule's `tag` action, any case. */
const tagField: FieldSpec = {
  expects: 'a tag',
  build(value) {
    const tag = value.raw.trim();
    if (tag === '') throw invalid(tagField, value);
    return { type: 'tag', tag };
  },
};

/** `classification:error`: messages the rules could not classify; `classification:classified` the others. */
const classificationField: FieldSpec = {
  expects: 'classified or error',
  build(value) {
    const status = value.raw.toLowerCase();
    if (status === 'classified' || status === 'error') return { type: 'classification-status', status };
    throw invalid(classificationField, value);
  },
};

/**
 * Every field the language knows, by lower-cased name. `filename:` is an alias of `attachment:`
 * because that is what people searching for a file type it as.
 */
export const QUERY_FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['from', addressField('from')],
  ['to', addressField('to')],
  ['cc', addressField('cc')],
  ['bcc', addressField('bcc')],
  ['participants', addressField('participants')],
  ['subject', textField('subject')],
  ['body', textField('body')],
  ['attachment', textField('attachment')],
  ['filename', textField('attachment')],
  ['has', hasField],
  ['message-id', messageIdField],
  ['after', boundaryField('after')],
  ['before', boundaryField('before')],
  ['sent', dateRangeField('sent')],
  ['received', dateRangeField('received')],
  ['size', sizeField],
  ['spam', spamField],
  ['score', scoreField],
  ['dlp', idField('a detector id like credit-card', (detector) => ({ type: 'dlp-detector', detector }))],
  ['dlp-severity', dlpSeverityField],
  ['rule', idField('a rule id like pci-card-number-high', (ruleId) => ({ type: 'rule', ruleId }))],
  ['tag', tagField],
  ['classification', classificationField],
]);
