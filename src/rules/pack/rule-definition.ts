import type { Confidence, RuleAction, RuleKind, Severity } from '../../domain/classification.js';
import type { AuthOutcome, AuthView } from '../message-view.js';

/*
 * The validated, normalised form of the rule-pack YAML: plain JSON-able data, so a rule set can be
 * hashed, shipped to worker threads as bytes and compiled there. The YAML's shorthand (a bare
 * string for `contains`, `keywordsFile`, bare action names) is resolved by the loader.
 */

/** Text fields a matcher can look at; the multi-valued ones match when any value does. */
export type TextField = 'subject' | 'body' | 'html' | 'url' | 'attachmentName' | 'attachmentText' | 'displayName';
export const TEXT_FIELDS = ['subject', 'body', 'html', 'url', 'attachmentName', 'attachmentText', 'displayName'] as const satisfies readonly TextField[];

/** How a text is tested. */
export type TextMatcherDef =
  /** An RE2 regular expression; `flags` is a subset of `ims`. */
  | { op: 'matches'; pattern: string; flags: string }
  /** Case-insensitive substrings; any one found is a match. */
  | { op: 'contains'; terms: string[] }
  /**
   * Whole words or phrases, case-insensitive; at least `minCount` distinct terms must be found.
   * `file` names the keywords file the terms came from (for messages only).
   */
  | { op: 'keywords'; terms: string[]; minCount: number; file?: string }
  /** The whole value, trimmed, compared case-insensitively. */
  | { op: 'equals'; value: string }
  /** Headers only: whether the header occurs at all. */
  | { op: 'exists'; value: boolean };

/** Which addresses an address condition looks at. */
export type AddressField = 'sender' | 'recipient' | 'from' | 'to';
export const ADDRESS_FIELDS = ['sender', 'recipient', 'from', 'to'] as const satisfies readonly AddressField[];

/** Everything given must hold for one address; the condition holds when any address qualifies. */
export interface AddressSelectorDef {
  /** Domains; a subdomain of a listed domain matches too. Lower-cased. */
  domains?: string[];
  /** Whole addresses. Lower-cased. */
  addresses?: string[];
  /** An RE2 regular expression over the address, case-insensitive. */
  matches?: string;
  scope?: 'internal' | 'external';
}

/** Where a detector looks; `attachments` is every attachment's extracted text. */
export type DetectorSource = 'subject' | 'body' | 'html' | 'attachments';
export const DETECTOR_SOURCES = ['subject', 'body', 'html', 'attachments'] as const satisfies readonly DetectorSource[];

export type CountOf = 'attachments' | 'recipients' | 'urls' | `headers:${string}`;

export type AuthRequirement = Partial<Record<keyof AuthView, AuthOutcome[]>>;

/** One condition, normalised from the YAML's one-key form. */
export type ConditionDef =
  | { type: 'all'; conditions: ConditionDef[] }
  | { type: 'any'; conditions: ConditionDef[] }
  | { type: 'not'; condition: ConditionDef }
  | { type: 'text'; field: TextField; matcher: TextMatcherDef }
  /** `name` is lower-cased. */
  | { type: 'header'; name: string; matcher: TextMatcherDef }
  | { type: 'address'; field: AddressField; selector: AddressSelectorDef }
  | { type: 'recipients'; scope: 'all-internal' | 'any-external' | 'all-external' }
  | {
      type: 'detector';
      detector: string;
      minConfidence: Confidence;
      minCount: number;
      /** null: no upper bound. */
      maxCount: number | null;
      in: DetectorSource[];
      ignoreTestValues: boolean;
    }
  | { type: 'attachmentType'; detected?: string[]; declared?: string[]; mismatch?: boolean }
  | { type: 'size'; gt?: number; lt?: number }
  | { type: 'count'; of: CountOf; gt?: number; lt?: number }
  | { type: 'auth'; require: AuthRequirement }
  | { type: 'check'; check: string }
  | { type: 'bayes'; minProbability: number };

/** An attachment of an example message. */
export interface ExampleAttachment {
  name?: string;
  /** Declared Content-Type. Default `application/octet-stream`. */
  type?: string;
  /** Sniffed type. Default: the declared type. */
  detectedType?: string;
  /** Extracted text; without it the attachment has none (`no-text`). */
  text?: string;
  /** Bytes. Default: the UTF-8 length of `text`. */
  size?: number;
}

/** A message written in a rule's `examples` / `counterExamples`, as the YAML gives it. */
export interface ExampleMessage {
  from?: string;
  to?: string[];
  cc?: string[];
  subject?: string;
  body?: string;
  html?: string;
  /** Header name → value(s); an empty list removes a default header (`date`, `message-id`, `mime-version`). */
  headers?: Record<string, string | string[]>;
  envelope?: { sender?: string | null; recipients?: string[] };
  attachments?: ExampleAttachment[];
  size?: number;
  auth?: Partial<Record<keyof AuthView, AuthOutcome>>;
  /** A whole raw message (RFC 5322), parsed as the pipeline would. */
  eml?: string;
}

export interface RuleDefinition {
  /** Unique across all packs: `[a-z0-9][a-z0-9-]*`. */
  id: string;
  kind: RuleKind;
  /** The pack (file name without extension). */
  pack: string;
  description: string;
  /** Spam rules only. */
  score?: number;
  /** DLP rules only. */
  severity?: Severity;
  when: ConditionDef;
  /** Any true → the rule does not fire. */
  except: ConditionDef[];
  actions: RuleAction[];
  examples: ExampleMessage[];
  counterExamples: ExampleMessage[];
}

export interface PackDefinition {
  /** File name without extension. */
  name: string;
  kind: RuleKind;
  description: string;
  /** Absolute path of the pack file. */
  file: string;
}
