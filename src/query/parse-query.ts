import type { QueryNode } from './ast.js';
import { closestName } from './closest-name.js';
import type { FieldValue } from './field-value.js';
import { QUERY_FIELDS, type FieldSpec } from './query-fields.js';
import { QuerySyntaxError } from './query-syntax-error.js';
import { tokenizeQuery, type QueryToken } from './tokenize-query.js';

/**
 * Parses the search language into the backend-neutral AST.
 *
 * ```
 * query    := or EOF
 * or       := and ("OR" and)*
 * and      := unary (["AND"] unary)*          juxtaposition is AND
 * unary    := ("NOT" | "-") unary | primary   so NOT binds tighter than AND, AND than OR
 * primary  := "(" or ")" | field | WORD | QUOTED
 * field    := NAME ":" (WORD | QUOTED | "(" or ")")   a group applies the field to its bare terms
 *           | ("size" | "sent" | "received" | "score" | "dlp-severity") ("<" | ">" | "=") …
 * ```
 *
 * An empty or blank query is `{ type: 'all' }`. AND and OR chains are flattened; a single-child
 * chain is its child.
 *
 * @throws QuerySyntaxError with the offending position for anything it cannot read exactly.
 */
export function parseQuery(text: string): QueryNode {
  return new Parser(text, tokenizeQuery(text)).parseQuery();
}

class Parser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly QueryToken[],
  ) {}

  parseQuery(): QueryNode {
    if (this.peek().kind === 'eof') return { type: 'all' };
    const node = this.parseOr(null);
    const rest = this.peek();
    if (rest.kind === 'rparen') throw this.error(`unbalanced ")" at ${rest.start}`, rest.start, 'unbalanced-parenthesis');
    return node;
  }

  /** `field` is the enclosing `name:( … )` group, whose spec builds the bare terms inside it. */
  private parseOr(field: FieldGroup | null): QueryNode {
    const children = [this.parseAnd(field)];
    while (this.peek().kind === 'or') {
      const or = this.next();
      children.push(this.parseAnd(field, or));
    }
    return chain('or', children);
  }

  private parseAnd(field: FieldGroup | null, after: QueryToken | null = null): QueryNode {
    const children = [this.parseUnary(field, after)];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'and') {
        this.next();
        children.push(this.parseUnary(field, t));
      } else if (t.kind === 'eof' || t.kind === 'rparen' || t.kind === 'or') {
        break;
      } else {
        children.push(this.parseUnary(field, null));
      }
    }
    return chain('and', children);
  }

  private parseUnary(field: FieldGroup | null, after: QueryToken | null): QueryNode {
    const t = this.peek();
    if (t.kind === 'not' || t.kind === 'minus') {
      this.next();
      if (t.kind === 'minus' && this.peek().start !== t.end) {
        // `foo - bar` is more likely a typo than an exclusion; say so rather than guess.
        throw this.error(`expected a search term directly after "-" at ${t.end}`, t.end, 'missing-term');
      }
      return { type: 'not', child: this.parseUnary(field, t) };
    }
    return this.parsePrimary(field, after);
  }

  private parsePrimary(field: FieldGroup | null, after: QueryToken | null): QueryNode {
    const t = this.next();
    switch (t.kind) {
      case 'lparen':
        return this.parseGroup(t, field);
      case 'field':
        return this.parseField(t);
      case 'word':
      case 'quoted':
        return field ? field.spec.build(this.fieldValue(t, field.name)) : freeText(t);
      default:
        throw this.missingTerm(t, after);
    }
  }

  private parseGroup(open: QueryToken, field: FieldGroup | null): QueryNode {
    if (this.peek().kind === 'rparen') throw this.error(`empty parentheses at ${open.start}`, open.start, 'empty-group');
    const node = this.parseOr(field);
    if (this.next().kind !== 'rparen') {
      throw this.error(`unbalanced "(" at ${open.start} (missing ")")`, open.start, 'unbalanced-parenthesis');
    }
    return node;
  }

  private parseField(t: QueryToken & { kind: 'field' }): QueryNode {
    const name = this.raw(t);
    const spec = QUERY_FIELDS.get(t.name);
    if (!spec) {
      const suggestion = closestName(t.name, QUERY_FIELDS.keys());
      const hint = suggestion ? `did you mean ${suggestion}:?` : 'put it in quotes to search for the text';
      throw this.error(`unknown field "${name}" at ${t.start} (${hint})`, t.start, 'unknown-field');
    }
    const value = this.peek();
    if (value.start === t.end) {
      if (value.kind === 'word' || value.kind === 'quoted') {
        this.next();
        return spec.build(this.fieldValue(value, name));
      }
      if (value.kind === 'lparen') {
        this.next();
        return this.parseGroup(value, { name, spec });
      }
    }
    throw this.error(`expected ${spec.expects} after "${name}" at ${t.end}`, t.end, 'missing-value');
  }

  private fieldValue(t: QueryToken, field: string): FieldValue {
    if (t.kind === 'quoted') return { raw: t.text, text: t.text, quoted: true, prefix: t.prefix, start: t.start, field };
    const raw = this.raw(t);
    const text = raw.replace(/\*+$/u, '');
    return { raw, text, quoted: false, prefix: text !== raw, start: t.start, field };
  }

  private missingTerm(t: QueryToken, after: QueryToken | null): QuerySyntaxError {
    if (after) {
      const where = t.kind === 'eof' ? 'the end' : `"${this.raw(t)}"`;
      return this.error(`expected a search term after "${this.raw(after)}" at ${t.start}, found ${where}`, t.start, 'missing-term');
    }
    if (t.kind === 'rparen') return this.error(`unbalanced ")" at ${t.start}`, t.start, 'unbalanced-parenthesis');
    return this.error(`unexpected "${this.raw(t)}" at ${t.start} (expected a search term)`, t.start, 'missing-term');
  }

  private raw(t: QueryToken): string {
    return this.text.slice(t.start, t.end);
  }

  private peek(): QueryToken {
    // The lexer always ends with `eof`, and `next` never moves past it.
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): QueryToken {
    const t = this.peek();
    if (t.kind !== 'eof') this.index++;
    return t;
  }

  private error(message: string, position: number, code: QuerySyntaxError['code']): QuerySyntaxError {
    return new QuerySyntaxError(message, position, code);
  }
}

/** The field of an enclosing `name:( … )`. */
interface FieldGroup {
  name: string;
  spec: FieldSpec;
}

function freeText(t: QueryToken & { kind: 'word' | 'quoted' }): QueryNode {
  if (t.kind === 'quoted') return { type: 'text', field: 'any', value: t.text, phrase: true, prefix: t.prefix };
  const value = t.text.replace(/\*+$/u, '');
  if (value === '') {
    throw new QuerySyntaxError(`expected a word before "*" at ${t.start}`, t.start, 'missing-term');
  }
  return { type: 'text', field: 'any', value, phrase: false, prefix: value !== t.text };
}

function chain(type: 'and' | 'or', children: QueryNode[]): QueryNode {
  const flat = children.flatMap((child) => (child.type === type ? child.children : [child]));
  return flat.length === 1 && flat[0] ? flat[0] : { type, children: flat };
}
