import type { IndexSpec, Json } from '../../search-engine/search-engine.js';
import { ADDRESS_OBJECT, ADDRESS_PROPERTY, DOMAIN_SUBFIELD, MESSAGE_FIELDS as F, NAMES_OBJECT } from './message-fields.js';

/** Bump with every mapping or analysis change: `ensureIndex` then reindexes into `<alias>-v<N>`. */
export const MESSAGE_INDEX_VERSION = 1;

/** The alias every reader and writer uses; the concrete index behind it is `<alias>-v<version>`. */
export function messageIndexAlias(prefix: string): string {
  return `${prefix}-messages`;
}

/**
 * Longest token kept, in UTF-16 units. A run of letters longer than this (a base64 blob without
 * line breaks) would otherwise become one term, and Lucene refuses a document with a term over
 * 32,766 bytes: one odd message would fail its ingest job forever. The query side truncates alike.
 */
export const MAX_TOKEN_LENGTH = 255;

/** Keyword values longer than this are kept in the source but not indexed, for the same reason. */
const MAX_KEYWORD_LENGTH = 1024;

/**
 * Analysis, built-in components only (no ICU plugin is needed on the cluster):
 *
 * - `folded`, every full-text field: split on anything that is not a letter, digit, mark or
 *   private-use character, then lower-case and fold diacritics (`Café` → `cafe`). This is the
 *   embedded index's `unicode61 remove_diacritics 2` tokenizer rebuilt from a pattern tokenizer,
 *   so `e-mail`, `o'brien` and `invoice.pdf` split into the same words on both backends and a
 *   query means the same thing on either. Language-neutral on purpose: an archive holds every
 *   language, a search must find the exact word the reviewer typed in any of them, and stemming
 *   would make `tag`/`tags` or `organ`/`organisation` collide in a discovery search.
 * - `.en` sub-fields of subject and body: the built-in `english` analyzer (stop words, stemming),
 *   for relevance-ranked "similar words" searches. The query language does not use them today
 *   (its semantics are exact words on both backends); they cost index space, and dropping them or
 *   adding `.de`/`.fr` is a version bump.
 * - `domain`, a sub-field of every address: the part after the last `@`, with each parent domain
 *   as a token of its own (`mail.example.com`, `example.com`, `com`), so "this domain or any
 *   subdomain" (`from:@example.com`) is one term lookup.
 * - `lowercased`, a normalizer for keywords matched without regard to case (addresses, tags).
 */
const ANALYSIS: Json = {
  tokenizer: {
    words: { type: 'pattern', pattern: '[^\\p{L}\\p{N}\\p{M}\\p{Co}]+' },
    domain_suffixes: { type: 'path_hierarchy', delimiter: '.', reverse: true },
  },
  char_filter: {
    after_last_at: { type: 'pattern_replace', pattern: '^.*@', replacement: '' },
  },
  filter: {
    max_token_length: { type: 'truncate', length: MAX_TOKEN_LENGTH },
  },
  normalizer: {
    lowercased: { type: 'custom', filter: ['lowercase'] },
  },
  analyzer: {
    folded: { type: 'custom', tokenizer: 'words', filter: ['lowercase', 'asciifolding', 'max_token_length'] },
    domain: { type: 'custom', char_filter: ['after_last_at'], tokenizer: 'domain_suffixes', filter: ['lowercase'] },
  },
};

/** Phrases need positions; nothing is ranked by relevance, so norms would be wasted space. */
const FOLDED_TEXT: Json = { type: 'text', analyzer: 'folded', norms: false };
const FOLDED_TEXT_WITH_ENGLISH: Json = { ...FOLDED_TEXT, fields: { en: { type: 'text', analyzer: 'english', norms: false } } };
const KEYWORD: Json = { type: 'keyword', ignore_above: MAX_KEYWORD_LENGTH };
const LOWERCASED_KEYWORD: Json = { ...KEYWORD, normalizer: 'lowercased' };
const DATE: Json = { type: 'date' };
/** Kept in the source for display, never searched or sorted. */
const DISPLAY_ONLY: Json = { type: 'keyword', index: false, doc_values: false };
/** Kept in the source as it was given, not parsed at all (any shape is accepted, nothing is searchable). */
const OPAQUE: Json = { type: 'object', enabled: false };

const ADDRESS: Json = {
  ...LOWERCASED_KEYWORD,
  fields: { [DOMAIN_SUBFIELD]: { type: 'text', analyzer: 'domain', norms: false, index_options: 'docs' } },
};

/** `classification.spamScore` → `spamScore`: the property name under its object. */
function leaf(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

const MAPPINGS: Json = {
  dynamic: 'strict',
  properties: {
    [F.id]: KEYWORD,
    [F.messageId]: LOWERCASED_KEYWORD,
    [F.subject]: FOLDED_TEXT_WITH_ENGLISH,
    [F.body]: FOLDED_TEXT_WITH_ENGLISH,
    [F.sentAt]: DATE,
    [F.receivedAt]: DATE,
    [F.sentOrReceivedAt]: DATE,
    [F.size]: { type: 'long' },
    [F.hasAttachment]: { type: 'boolean' },
    fromDisplay: DISPLAY_ONLY,
    /** The flag names (`unparseable` …); the reasons stay in `stored`. */
    flags: KEYWORD,
    [F.attachments]: {
      type: 'nested',
      properties: {
        [leaf(F.attachmentName)]: { ...FOLDED_TEXT, fields: { keyword: KEYWORD } },
        contentType: LOWERCASED_KEYWORD,
        size: { type: 'long' },
        sha256: KEYWORD,
        [leaf(F.attachmentText)]: FOLDED_TEXT,
      },
    },
    [ADDRESS_OBJECT]: {
      properties: Object.fromEntries(Object.values(ADDRESS_PROPERTY).map((property) => [property, ADDRESS])),
    },
    [NAMES_OBJECT]: {
      properties: { from: FOLDED_TEXT, to: FOLDED_TEXT, cc: FOLDED_TEXT, bcc: FOLDED_TEXT },
    },
    [F.senderDomains]: KEYWORD,
    classification: {
      properties: {
        [leaf(F.classificationStatus)]: KEYWORD,
        [leaf(F.spamVerdict)]: KEYWORD,
        [leaf(F.spamScore)]: { type: 'double' },
        [leaf(F.dlpSeverity)]: { type: 'byte' },
        [leaf(F.dlpDetectors)]: KEYWORD,
        [leaf(F.ruleIds)]: KEYWORD,
        [leaf(F.tags)]: LOWERCASED_KEYWORD,
        /** The received copy whose classification the message keeps (single instance). */
        spoolId: KEYWORD,
      },
    },
    /** `<spoolId> <role>` of every copy received: what makes a retried copy a duplicate. */
    eventKeys: KEYWORD,
    /** Every copy's journal event, as `get` returns them. */
    events: OPAQUE,
    /** The document as `get` returns it (no body or attachment text), classification included. */
    stored: OPAQUE,
  },
};

/**
 * The message index as code: alias `<prefix>-messages`, one document per archived original, id =
 * its archive id. The whole source is kept (body and attachment text included) because a version
 * bump reindexes from it; searches ask only for the fields a hit shows.
 */
export function messageIndexSpec(prefix: string): IndexSpec {
  return {
    alias: messageIndexAlias(prefix),
    version: MESSAGE_INDEX_VERSION,
    settings: { analysis: ANALYSIS },
    mappings: MAPPINGS,
  };
}
