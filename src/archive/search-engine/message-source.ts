import type { AddressEntry, AddressField, ArchiveDocument, JournalEvent } from '../../domain/archive-record.js';
import type { Classification } from '../../domain/classification.js';
import { severityRank } from '../../query/severity-rank.js';
import type { StoredDocument } from '../archive-index.js';
import { journalAddresses } from '../sqlite/address-rows.js';
import { ADDRESS_PROPERTY, NAME_ROLE_FIELDS, type NameRole } from './message-fields.js';

/** The searchable projection of a classification (the whole of it is in `stored`). */
export interface ClassificationSource {
  status: Classification['status'];
  spamVerdict: Classification['spam']['verdict'];
  /** Rounded to 0.001, as the embedded index keeps it, so `score:0.3` finds 0.1 + 0.2. */
  spamScore: number;
  /** `severityRank` of the highest DLP severity; null when no DLP rule fired. */
  dlpSeverity: number | null;
  dlpDetectors: string[];
  ruleIds: string[];
  tags: string[];
  /** The received copy this classification came from. */
  spoolId: string;
}

export interface AttachmentSource {
  name: string | null;
  contentType: string;
  size: number;
  sha256: string;
  text: string | null;
}

/** One message document in the search engine, as `message-index.ts` maps it. */
export interface MessageSource {
  id: string;
  messageId: string | null;
  subject: string | null;
  body: string;
  sentAt: string | null;
  /** ISO-8601 of the earliest copy received. */
  receivedAt: string;
  sentOrReceivedAt: string;
  size: number;
  hasAttachment: boolean;
  /** `Name <address>` of the first From address, for result lists. */
  fromDisplay: string | null;
  flags: string[];
  attachments: AttachmentSource[];
  /** Lower-cased addresses by role property (`replyTo`), header and journal envelope alike. */
  addresses: Record<string, string[]>;
  /** "Display Name address" of each header address, by name role. */
  names: Record<NameRole, string[]>;
  senderDomains: string[];
  classification: ClassificationSource;
  eventKeys: string[];
  events: JournalEvent[];
  stored: StoredDocument;
}

/** The fields a search hit is made of: all a search asks the engine for. */
export type HitSource = Pick<
  MessageSource,
  'id' | 'messageId' | 'subject' | 'fromDisplay' | 'sentAt' | 'receivedAt' | 'size' | 'hasAttachment' | 'flags' | 'classification'
>;

export const HIT_SOURCE_FIELDS: ReadonlyArray<keyof HitSource> = [
  'id', 'messageId', 'subject', 'fromDisplay', 'sentAt', 'receivedAt', 'size', 'hasAttachment', 'flags', 'classification',
];

/** What makes a copy the same copy again (a retried job): the embedded index's journal_events key. */
export function eventKey(event: JournalEvent): string {
  return `${event.spoolId} ${event.role}`;
}

/**
 * A message document from its analysis (`document`, classified by the copy `classifiedBy`) and
 * every copy received so far (at least one). Also what an upgrade of an unparsed record builds:
 * the new analysis whole, with the events the record already had.
 */
export function messageSource(document: ArchiveDocument, classifiedBy: string, events: readonly JournalEvent[]): MessageSource {
  const first = events[0];
  if (first === undefined) throw new Error(`message ${document.id} needs at least one journal event`);
  const from = document.addresses.find((a) => a.field === 'from');
  const sentAt = isoOrNull(document.sentAt);
  let source: MessageSource = {
    id: document.id,
    messageId: document.messageId,
    subject: document.subject,
    body: document.bodyText,
    sentAt,
    receivedAt: isoOf(first.envelope.receivedAt),
    sentOrReceivedAt: sentAt ?? isoOf(first.envelope.receivedAt),
    size: document.size,
    hasAttachment: document.attachments.length > 0,
    fromDisplay: from ? (from.name ? `${from.name} <${from.address}>` : from.address) : null,
    flags: document.flags.map((f) => f.flag),
    attachments: document.attachments.map((a) => ({ name: a.filename, contentType: a.contentType, size: a.size, sha256: a.sha256, text: a.text })),
    addresses: withAddresses({}, document.addresses),
    names: namesOf(document.addresses),
    senderDomains: unique(document.addresses.filter((a) => a.field === 'from').map((a) => domainOf(a.address))),
    classification: classificationSource(document.classification, classifiedBy),
    eventKeys: [eventKey(first)],
    events: [first],
    stored: storedDocument(document),
  };
  source = { ...source, addresses: withAddresses(source.addresses, journalAddresses(first)) };
  for (const event of events.slice(1)) source = withEvent(source, event);
  return source;
}

/**
 * The document with a further copy merged in: its event kept, the recipients its journal envelope
 * reveals searchable, the receive time the earliest of all copies.
 */
export function withEvent(source: MessageSource, event: JournalEvent): MessageSource {
  const receivedAt = Math.min(Date.parse(source.receivedAt), Date.parse(isoOf(event.envelope.receivedAt)));
  const receivedIso = new Date(receivedAt).toISOString();
  return {
    ...source,
    receivedAt: receivedIso,
    sentOrReceivedAt: source.sentAt ?? receivedIso,
    addresses: withAddresses(source.addresses, journalAddresses(event)),
    eventKeys: unique([...source.eventKeys, eventKey(event)]),
    events: [...source.events, event],
  };
}

/** Flags meaning the content was never read, so a later copy's analysis is worth taking. */
export function wasNotAnalysed(flags: readonly string[]): boolean {
  return flags.some((flag) => flag === 'unparseable' || flag === 'oversize-not-parsed' || flag === 'mime-too-deep');
}

function classificationSource(classification: Classification, spoolId: string): ClassificationSource {
  return {
    status: classification.status,
    spamVerdict: classification.spam.verdict,
    spamScore: Math.round(classification.spam.score * 1000) / 1000,
    dlpSeverity: classification.dlp.severity === null ? null : severityRank(classification.dlp.severity),
    dlpDetectors: unique(
      classification.hits
        .filter((hit) => hit.kind === 'dlp')
        .flatMap((hit) => hit.evidence.flatMap((e) => (e.detector ? [e.detector] : []))),
    ),
    ruleIds: unique(classification.hits.map((hit) => hit.ruleId)),
    tags: unique(classification.tags),
    spoolId,
  };
}

function storedDocument(document: ArchiveDocument): StoredDocument {
  const stored: StoredDocument & { bodyText?: string } = { ...document, attachments: document.attachments.map(({ text: _text, ...a }) => a) };
  delete stored.bodyText;
  return stored;
}

/** Adds each address (lower-cased, empty ones skipped) under its role's property, once. */
function withAddresses(current: Readonly<Record<string, string[]>>, entries: readonly AddressEntry[]): Record<string, string[]> {
  const next: Record<string, string[]> = { ...current };
  for (const entry of entries) {
    const address = entry.address.toLowerCase();
    if (address === '') continue;
    const property = ADDRESS_PROPERTY[entry.field];
    const list = next[property] ?? [];
    if (!list.includes(address)) next[property] = [...list, address];
  }
  return next;
}

function namesOf(addresses: readonly AddressEntry[]): Record<NameRole, string[]> {
  const text = (fields: readonly AddressField[]) =>
    addresses.filter((a) => fields.includes(a.field)).map((a) => `${a.name} ${a.address}`.trim()).filter((t) => t !== '');
  return { from: text(NAME_ROLE_FIELDS.from), to: text(NAME_ROLE_FIELDS.to), cc: text(NAME_ROLE_FIELDS.cc), bcc: text(NAME_ROLE_FIELDS.bcc) };
}

/** The lower-cased part after the last `@`; the whole value when there is none. */
function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function isoOf(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`"${value}" is not a date and time`);
  return new Date(ms).toISOString();
}

function isoOrNull(value: string | null): string | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
