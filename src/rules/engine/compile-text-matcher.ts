import RE2 from 're2';
import type { HitEvidence } from '../../domain/classification.js';
import type { TextMatcherDef } from '../pack/rule-definition.js';
import { clipSample, MAX_SAMPLES } from './evidence-text.js';
import { KeywordIndex } from './keyword-index.js';
import type { MessageContext, TextItem } from './message-context.js';

/** Tests the texts of one field; evidence when the matcher holds, null when it does not. */
export type TextTest = (items: readonly TextItem[], context: MessageContext) => HitEvidence[] | null;

/** Escapes a literal for use inside an RE2 pattern. */
function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function evidenceFor(item: TextItem, samples: Iterable<string>): HitEvidence {
  return {
    source: item.source,
    ...(item.detail !== undefined && { detail: item.detail }),
    samples: [...samples].slice(0, MAX_SAMPLES).map(clipSample),
  };
}

/** Keeps evidence bounded: a page of a thousand matching URLs reports the first few. */
function bounded(evidence: HitEvidence[]): HitEvidence[] | null {
  return evidence.length === 0 ? null : evidence.slice(0, MAX_SAMPLES);
}

/**
 * Compiles a text matcher once (RE2 programs; keyword lists go into the rule set's shared
 * `keywords` index) into a test run per message.
 */
export function compileTextMatcher(matcher: TextMatcherDef, keywords: KeywordIndex): TextTest {
  switch (matcher.op) {
    case 'matches': {
      const regex = new RE2(matcher.pattern, `${matcher.flags}u`);
      return (items, context) =>
        bounded(items.flatMap((item) => {
          const bytes = context.utf8(item);
          // `test` is cheaper than `exec`; the match itself is only wanted as evidence.
          if (!regex.test(bytes)) return [];
          const match = regex.exec(bytes);
          return match ? [evidenceFor(item, [match[0].toString('utf8')])] : [];
        }));
    }
    case 'contains': {
      // One RE2 set runs every substring in a single pass over the text.
      const set = new RE2.Set(matcher.terms.map(escapeLiteral), 'iu');
      return (items, context) =>
        bounded(items.flatMap((item) => {
          const found = set.match(context.utf8(item));
          return found.length > 0 ? [evidenceFor(item, found.map((index) => matcher.terms[index] as string))] : [];
        }));
    }
    case 'keywords': {
      const list = keywords.add(matcher.terms);
      return (items, context) => {
        const distinct = new Set<string>();
        const evidence: HitEvidence[] = [];
        for (const item of items) {
          const found = KeywordIndex.termsOf(context.keywordHits(item), list);
          if (found.size === 0) continue;
          for (const term of found) distinct.add(term);
          evidence.push(evidenceFor(item, found));
        }
        if (distinct.size < matcher.minCount) return null;
        return bounded(evidence.map((e) => ({ ...e, count: distinct.size })));
      };
    }
    case 'equals': {
      const wanted = matcher.value.trim().toLowerCase();
      return (items) => bounded(items.filter((item) => item.text.trim().toLowerCase() === wanted).map((item) => evidenceFor(item, [item.text])));
    }
    case 'exists':
      return (items) => {
        if (items.length > 0 !== matcher.value) return null;
        const first = items[0];
        return first ? [evidenceFor(first, [first.text])] : [{ source: 'header', samples: [] }];
      };
  }
}
