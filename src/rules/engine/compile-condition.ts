import RE2 from 're2';
import type { Confidence, HitEvidence } from '../../domain/classification.js';
import type { Detection } from '../detectors/detector.js';
import type { AuthView } from '../message-view.js';
import type { AddressSelectorDef, ConditionDef, DetectorSource } from '../pack/rule-definition.js';
import { domainOf, inDomain } from './domain-scope.js';
import { clipSample, MAX_SAMPLES } from './evidence-text.js';
import type { EvaluationServices, MessageContext, TextItem } from './message-context.js';
import { compileTextMatcher } from './compile-text-matcher.js';
import { mimeMatches, typesContradict } from './mime-mismatch.js';

/** A compiled condition: evidence when it holds for the message, null when it does not. */
export type Evaluate = (context: MessageContext) => HitEvidence[] | null;

/** What compiling needs: the registries, and how to tell internal addresses. */
export interface CompileServices extends EvaluationServices {
  isInternal: (address: string) => boolean;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/**
 * Compiles a condition once (regexes, keyword tables, registry look-ups) into a function run per
 * message. Everything it runs is linear in the message: RE2, one-pass keyword sets, detectors
 * (which must be linear) and hash look-ups.
 *
 * @throws Error when the condition names a detector or check the registries do not have.
 */
export function compileCondition(condition: ConditionDef, services: CompileServices): Evaluate {
  switch (condition.type) {
    case 'all': {
      const parts = condition.conditions.map((c) => compileCondition(c, services));
      return (context) => {
        const evidence: HitEvidence[] = [];
        for (const part of parts) {
          const found = part(context);
          if (found === null) return null;
          evidence.push(...found);
        }
        return evidence;
      };
    }
    case 'any': {
      const parts = condition.conditions.map((c) => compileCondition(c, services));
      // Every branch runs so the evidence names all that held (a DLP reviewer wants each
      // detector that matched); the costly parts are cached per message anyway.
      return (context) => {
        let evidence: HitEvidence[] | null = null;
        for (const part of parts) {
          const found = part(context);
          if (found !== null) (evidence ??= []).push(...found);
        }
        return evidence;
      };
    }
    case 'not': {
      const inner = compileCondition(condition.condition, services);
      return (context) => (inner(context) === null ? [] : null);
    }
    case 'text': {
      const test = compileTextMatcher(condition.matcher, services.keywords);
      const field = condition.field;
      return (context) => test(context.textItems(field), context);
    }
    case 'header': {
      const test = compileTextMatcher(condition.matcher, services.keywords);
      const name = condition.name;
      return (context) => test(context.headerItems(name), context)?.map((e) => ({ ...e, detail: name })) ?? null;
    }
    case 'address':
      return compileAddress(condition.field, condition.selector, services);
    case 'recipients': {
      const scope = condition.scope;
      return (context) => {
        const recipients = context.view.envelope.recipients;
        const external = recipients.filter((r) => !services.isInternal(r));
        const holds = scope === 'any-external' ? external.length > 0
          : scope === 'all-external' ? recipients.length > 0 && external.length === recipients.length
            : recipients.length > 0 && external.length === 0;
        return holds ? [{ source: 'envelope', detail: 'recipients', samples: (scope === 'all-internal' ? recipients : external).slice(0, MAX_SAMPLES) }] : null;
      };
    }
    case 'detector':
      return compileDetector(condition, services);
    case 'attachmentType': {
      const { detected, declared, mismatch } = condition;
      return (context) => {
        const evidence = context.view.attachments.flatMap((a): HitEvidence[] => {
          if (detected && !detected.some((p) => mimeMatches(a.detectedType, p))) return [];
          if (declared && !declared.some((p) => mimeMatches(a.declaredType, p))) return [];
          if (mismatch !== undefined && typesContradict(a.declaredType, a.detectedType) !== mismatch) return [];
          return [{ source: 'attachment', ...(a.name !== null && { detail: a.name }), samples: [`declared ${a.declaredType || '(none)'}, detected ${a.detectedType ?? 'unknown'}`] }];
        });
        return evidence.length > 0 ? evidence.slice(0, MAX_SAMPLES) : null;
      };
    }
    case 'size': {
      const within = between(condition.gt, condition.lt);
      return (context) => (within(context.view.size) ? [{ source: 'message', detail: 'size', samples: [`${context.view.size} bytes`] }] : null);
    }
    case 'count': {
      const within = between(condition.gt, condition.lt);
      const of = condition.of;
      const header = of.startsWith('headers:') ? of.slice('headers:'.length) : null;
      return (context) => {
        const view = context.view;
        const count = header !== null ? context.headerItems(header).length
          : of === 'attachments' ? view.attachments.length
            : of === 'recipients' ? view.envelope.recipients.length
              : view.urls.length;
        return within(count) ? [{ source: 'message', detail: of, count, samples: [`${count} ${of}`] }] : null;
      };
    }
    case 'auth': {
      const required = Object.entries(condition.require) as Array<[keyof AuthView, string[]]>;
      return (context) => {
        const auth = context.view.auth;
        if (!required.every(([method, outcomes]) => outcomes.includes(auth[method]))) return null;
        return [{ source: 'header', detail: 'authentication-results', samples: required.map(([method]) => `${method}=${auth[method]}`) }];
      };
    }
    case 'check': {
      const check = services.checks.get(condition.check);
      if (!check) throw new Error(`unknown check "${condition.check}"`);
      return (context) => {
        const reason = context.check(check);
        return reason === null ? null : [{ source: 'message', detail: check.id, samples: [clipSample(reason)] }];
      };
    }
    case 'bayes': {
      const min = condition.minProbability;
      return (context) => {
        const probability = context.bayes();
        return probability !== null && probability >= min ? [{ source: 'message', detail: 'bayes', samples: [`p=${probability.toFixed(4)}`] }] : null;
      };
    }
  }
}

function between(gt: number | undefined, lt: number | undefined): (value: number) => boolean {
  return (value) => (gt === undefined || value > gt) && (lt === undefined || value < lt);
}

function compileAddress(field: 'sender' | 'recipient' | 'from' | 'to', selector: AddressSelectorDef, services: CompileServices): Evaluate {
  const regex = selector.matches === undefined ? null : new RE2(selector.matches, 'iu');
  const qualifies = (address: string): boolean => {
    const domain = domainOf(address);
    if (selector.domains && !selector.domains.some((d) => inDomain(domain, d))) return false;
    if (selector.addresses && !selector.addresses.includes(address)) return false;
    if (regex && !regex.test(address)) return false;
    if (selector.scope && services.isInternal(address) !== (selector.scope === 'internal')) return false;
    return true;
  };
  const headerFields = field === 'from' ? ['from'] : ['to', 'cc', 'bcc'];
  return (context) => {
    const { envelope, addresses } = context.view;
    const candidates = field === 'sender' ? (envelope.sender === null ? [] : [envelope.sender])
      : field === 'recipient' ? envelope.recipients
        : addresses.filter((a) => headerFields.includes(a.field) && a.address !== '').map((a) => a.address.toLowerCase());
    const matched = candidates.filter((address) => qualifies(address.toLowerCase()));
    if (matched.length === 0) return null;
    return [{ source: field === 'sender' || field === 'recipient' ? 'envelope' : 'address', detail: field, samples: matched.slice(0, MAX_SAMPLES).map(clipSample) }];
  };
}

function compileDetector(condition: ConditionDef & { type: 'detector' }, services: CompileServices): Evaluate {
  const detector = services.detectors.get(condition.detector);
  if (!detector) throw new Error(`unknown detector "${condition.detector}"`);
  const minRank = CONFIDENCE_RANK[condition.minConfidence];
  const sources = new Set<DetectorSource>(condition.in);
  const keep = (d: Detection) => CONFIDENCE_RANK[d.confidence] >= minRank && !(condition.ignoreTestValues && d.testValue);
  return (context) => {
    const found = (items: readonly TextItem[]) => items.map((item) => ({ item, detections: context.detect(detector, item).filter(keep) })).filter((r) => r.detections.length > 0);
    const subject = sources.has('subject') ? found(context.textItems('subject')) : [];
    const body = sources.has('body') ? found(context.textItems('body')) : [];
    const html = sources.has('html') ? found(context.textItems('html')) : [];
    const attachments = sources.has('attachments') ? found(context.attachmentTexts()) : [];
    const total = (results: typeof subject) => results.reduce((sum, r) => sum + r.detections.length, 0);
    // The plain body and the HTML are two renderings of one body (the text is often converted
    // from the HTML): count the richer one, so a multipart/alternative message is not counted
    // twice, yet a value hidden in only one of the two is still found.
    const bodyPart = total(html) > total(body) ? html : body;
    const results = [...subject, ...bodyPart, ...attachments];
    const count = total(results);
    if (count < condition.minCount || (condition.maxCount !== null && count > condition.maxCount)) return null;
    return results.slice(0, MAX_SAMPLES).map(({ item, detections }): HitEvidence => ({
      source: item.source,
      ...(item.detail !== undefined && { detail: item.detail }),
      detector: detector.id,
      count: detections.length,
      confidence: detections.reduce<Confidence>((best, d) => (CONFIDENCE_RANK[d.confidence] > CONFIDENCE_RANK[best] ? d.confidence : best), 'low'),
      samples: detections.slice(0, MAX_SAMPLES).map((d) => d.redacted),
      testValuesOnly: detections.every((d) => d.testValue),
    }));
  };
}
