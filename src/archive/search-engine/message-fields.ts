import type { AddressField } from '../../domain/archive-record.js';

/**
 * The searchable fields of a message document in the search engine, by name: the mapping
 * (`message-index.ts`), the document builder (`message-source.ts`) and the query compiler
 * (`src/query/compile-dsl.ts`) all take their field paths from here, so they cannot drift apart.
 */
export const MESSAGE_FIELDS = {
  id: 'id',
  messageId: 'messageId',
  subject: 'subject',
  body: 'body',
  sentAt: 'sentAt',
  receivedAt: 'receivedAt',
  /** The Date header, or the first receipt when it is missing: what `sent:` and the `sent` sort mean. */
  sentOrReceivedAt: 'sentOrReceivedAt',
  size: 'size',
  hasAttachment: 'hasAttachment',
  /** Nested: one sub-document per attachment. */
  attachments: 'attachments',
  attachmentName: 'attachments.name',
  attachmentText: 'attachments.text',
  /** Lower-cased domains of the header From addresses, for the sender-domain aggregation. */
  senderDomains: 'senderDomains',
  spamVerdict: 'classification.spamVerdict',
  spamScore: 'classification.spamScore',
  /** 1 low … 4 critical (see `severityRank`); absent when no DLP rule fired. */
  dlpSeverity: 'classification.dlpSeverity',
  dlpDetectors: 'classification.dlpDetectors',
  ruleIds: 'classification.ruleIds',
  tags: 'classification.tags',
  classificationStatus: 'classification.status',
} as const;

/** The object field holding one keyword array per address role (`addresses.replyTo`). */
export const ADDRESS_OBJECT = 'addresses';

/** Each address role's property under {@link ADDRESS_OBJECT}: camelCase, as field names are. */
export const ADDRESS_PROPERTY: Readonly<Record<AddressField, string>> = {
  from: 'from',
  sender: 'sender',
  'reply-to': 'replyTo',
  to: 'to',
  cc: 'cc',
  bcc: 'bcc',
  envelope: 'envelope',
  'journal-sender': 'journalSender',
  'on-behalf-of': 'onBehalfOf',
};

/** The sub-field of every address field holding its domain and each parent domain (`a.b.c`, `b.c`, `c`). */
export const DOMAIN_SUBFIELD = 'domain';

/** `addresses.from`, or with `domain` its domain sub-field `addresses.from.domain`. */
export function addressPath(field: AddressField, domain = false): string {
  const path = `${ADDRESS_OBJECT}.${ADDRESS_PROPERTY[field]}`;
  return domain ? `${path}.${DOMAIN_SUBFIELD}` : path;
}

/** The header roles whose "Display Name address" text is word-searchable, as the SQLite `names_*` columns. */
export type NameRole = 'from' | 'to' | 'cc' | 'bcc';

/** The object field holding "Display Name address" text per {@link NameRole} (`names.from`). */
export const NAMES_OBJECT = 'names';

export function namesPath(role: NameRole): string {
  return `${NAMES_OBJECT}.${role}`;
}

/**
 * The header fields whose names and addresses go into each names field: From, Sender and
 * Reply-To into `names.from`, exactly as the embedded index fills `names_from`.
 */
export const NAME_ROLE_FIELDS: Readonly<Record<NameRole, readonly AddressField[]>> = {
  from: ['from', 'sender', 'reply-to'],
  to: ['to'],
  cc: ['cc'],
  bcc: ['bcc'],
};
