import type { AddressRole, QueryNode, TextField } from './ast.js';
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
]);
