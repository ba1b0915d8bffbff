import type { EvidenceSource } from '../../domain/classification.js';
import type { HeuristicCheck } from '../checks/check.js';
import type { Detection, Detector } from '../detectors/detector.js';
import type { MessageView } from '../message-view.js';
import type { TextField } from '../pack/rule-definition.js';
import type { KeywordHits, KeywordIndex } from './keyword-index.js';
import { wordsOf } from './words.js';

/** One text a matcher looks at, with a key that is stable within one message (for the caches). */
export interface TextItem {
  key: string;
  text: string;
  source: EvidenceSource;
  /** Header name, attachment name or address field, when there is one. */
  detail?: string;
}

/** The registries and models evaluation calls into. */
export interface EvaluationServices {
  detectors: ReadonlyMap<string, Detector>;
  checks: ReadonlyMap<string, HeuristicCheck>;
  bayes?: (view: MessageView) => number;
  /** Every keyword list of the rule set, matched together. */
  keywords: KeywordIndex;
}

/**
 * One message being classified, with everything derived from it computed at most once and shared
 * across rules: text items per field, UTF-8 bytes for RE2, keyword hits of all lists at once, detector
 * results per (detector, text), check and Bayes results. Lives for one `classify` call.
 */
export class MessageContext {
  private readonly items = new Map<string, TextItem[]>();
  private readonly bytes = new Map<string, Buffer>();
  private readonly keywordResults = new Map<string, KeywordHits>();
  private readonly detections = new Map<string, Detection[]>();
  private readonly checkResults = new Map<string, string | null>();
  private bayesProbability: number | null | undefined;

  constructor(readonly view: MessageView, private readonly services: EvaluationServices) {}

  /** The texts of a field (one for subject and body, one per URL, attachment, address…). */
  textItems(field: TextField): TextItem[] {
    return this.memo(field, () => {
      const view = this.view;
      switch (field) {
        case 'subject':
          return [{ key: 'subject', text: view.subject, source: 'subject' }];
        case 'body':
          return [{ key: 'body', text: view.text, source: 'body' }];
        case 'html':
          return view.html === '' ? [] : [{ key: 'html', text: view.html, source: 'html' }];
        case 'url':
          return view.urls.map((url, index) => ({ key: `url:${index}`, text: url, source: 'url' }));
        case 'attachmentName':
          return view.attachments.flatMap((a, index) => (a.name === null ? [] : [{ key: `attachmentName:${index}`, text: a.name, source: 'attachment' as const, detail: a.name }]));
        case 'attachmentText':
          return this.attachmentTexts();
        case 'displayName':
          return view.addresses.flatMap((a, index) => (a.name === '' ? [] : [{ key: `displayName:${index}`, text: a.name, source: 'address' as const, detail: a.field }]));
      }
    });
  }

  /** Every occurrence of one header (name lower-cased). */
  headerItems(name: string): TextItem[] {
    return this.memo(`header:${name}`, () =>
      this.view.headers.flatMap((header, index) => (header.name === name ? [{ key: `header:${index}`, text: header.value, source: 'header' as const, detail: name }] : [])),
    );
  }

  /** Each attachment's extracted text. */
  attachmentTexts(): TextItem[] {
    return this.memo('attachmentText', () =>
      this.view.attachments.flatMap((a, index) => (a.text === null ? [] : [{ key: `attachmentText:${index}`, text: a.text, source: 'attachment' as const, detail: a.name ?? `attachment ${index + 1}` }])),
    );
  }

  /** The item's text as UTF-8, converted once so each RE2 run does not convert it again. */
  utf8(item: TextItem): Buffer {
    let buffer = this.bytes.get(item.key);
    if (!buffer) {
      buffer = Buffer.from(item.text, 'utf8');
      this.bytes.set(item.key, buffer);
    }
    return buffer;
  }

  /** Every keyword list's terms found in the item: one pass over its words for all keyword rules. */
  keywordHits(item: TextItem): KeywordHits {
    let hits = this.keywordResults.get(item.key);
    if (!hits) {
      hits = this.services.keywords.find(wordsOf(item.text));
      this.keywordResults.set(item.key, hits);
    }
    return hits;
  }

  /** What a detector finds in the item, run once per message however many rules ask. */
  detect(detector: Detector, item: TextItem): Detection[] {
    const key = `${detector.id}\u0000${item.key}`;
    let found = this.detections.get(key);
    if (!found) {
      found = detector.find(item.text);
      this.detections.set(key, found);
    }
    return found;
  }

  /** The check's evidence, or null when it does not fire. */
  check(check: HeuristicCheck): string | null {
    if (!this.checkResults.has(check.id)) this.checkResults.set(check.id, check.test(this.view));
    return this.checkResults.get(check.id) ?? null;
  }

  /** The Bayesian spam probability, or null when no classifier is configured. */
  bayes(): number | null {
    if (this.bayesProbability === undefined) this.bayesProbability = this.services.bayes ? this.services.bayes(this.view) : null;
    return this.bayesProbability;
  }

  private memo(key: string, make: () => TextItem[]): TextItem[] {
    let items = this.items.get(key);
    if (!items) {
      items = make();
      this.items.set(key, items);
    }
    return items;
  }
}
