import type { StoredDocument } from '../archive/archive-index.js';
import type { AddressEntry } from '../domain/archive-record.js';
import type { HitEvidence, RuleAction, RuleHit } from '../domain/classification.js';
import type { Notice } from './notice-transport.js';

/** Addresses listed per field before the rest are counted: an expanded list can hold thousands. */
const MAX_LISTED_ADDRESSES = 50;
/** Longest header value shown; a longer subject or name is cut with an ellipsis. */
const MAX_VALUE_CHARS = 300;

export interface NoticeInput {
  /** The archived message the rule fired on (its stored record: no body text is kept in it). */
  document: StoredDocument;
  /** The rule hit the notice is about. */
  hit: RuleHit;
  from: string;
  to: string[];
}

/**
 * The Message-ID a notice about (message, rule) gets: one per job, so a notice sent again after a
 * lost reply is recognisably the same, and recognisable as ours when the archive receives it.
 */
export function noticeMessageId(archiveId: string, ruleId: string, from: string): string {
  return `custodian-notice.${archiveId}.${ruleId}@${domainOf(from)}`;
}

/** Whether a Message-ID (without angle brackets) has the shape of a notice sent from `from`. */
export function isNoticeMessageId(messageId: string, from: string): boolean {
  const match = /^custodian-notice\.[0-9a-f]{64}\.[a-z0-9-]+@(.+)$/iu.exec(messageId);
  return match !== null && match[1]?.toLowerCase() === domainOf(from).toLowerCase();
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || 'custodian.invalid';
}

/**
 * A plain-text notice that a rule fired: which rule, why (detectors and redacted evidence), which
 * message (ids, date, addresses and subject: what a compliance officer needs to triage) and how
 * to open it. It never carries body text, text-match snippets or an unredacted value: the
 * notice leaves the archive by email, the message stays behind the API's access control.
 */
export function composeNotice({ document, hit, from, to }: NoticeInput): Notice {
  const rating = hit.kind === 'dlp' ? `severity ${hit.severity ?? 'unset'}` : `score ${hit.score ?? 0}`;
  const lines = [
    `Custodian rule ${hit.ruleId} fired on an archived message.`,
    '',
    'Rule',
    field('Id', hit.ruleId),
    field('Pack', `${hit.pack} (${hit.kind})`),
    field('Description', clean(hit.description)),
    hit.kind === 'dlp' ? field('Severity', hit.severity ?? 'unset') : field('Score', String(hit.score ?? 0)),
    field('Actions', hit.actions.map(describeAction).join(', ') || 'none'),
    '',
    'Evidence (redacted)',
    ...(hit.evidence.length > 0 ? hit.evidence.map(describeEvidence) : ['  (none recorded)']),
    '',
    'Message',
    field('Archive id', document.id),
    field('Message-ID', document.messageId ? `<${clean(document.messageId)}>` : '(none)'),
    field('Date', document.sentAt ?? '(none)'),
    field('Received', document.receivedAt),
    field('From', listAddresses(document.addresses, ['from'])),
    field('To', listAddresses(document.addresses, ['to'])),
    field('Cc', listAddresses(document.addresses, ['cc'])),
    field('Bcc', listAddresses(document.addresses, ['bcc'])),
    field('Envelope', listAddresses(document.addresses, ['envelope'])),
    field('Subject', document.subject === null ? '(none)' : clean(document.subject)),
    '',
    'Find it',
    field('API', `GET /api/v1/messages/${document.id}`),
    ...(document.messageId ? [field('Search', `message-id:<${clean(document.messageId)}>`)] : []),
    '',
    'This notice holds no message content. Open the message in the archive to review it.',
    '',
  ];
  return {
    from,
    to,
    subject: `[Custodian] ${hit.kind === 'dlp' ? 'DLP' : 'Spam'} rule ${hit.ruleId} fired (${rating})`,
    text: lines.join('\n'),
    messageId: noticeMessageId(document.id, hit.ruleId, from),
    headers: {
      // RFC 3834: auto-responders and vacation replies leave it alone.
      'Auto-Submitted': 'auto-generated',
      'X-Custodian-Archive-Id': document.id,
      'X-Custodian-Rule': hit.ruleId,
    },
  };
}

function field(label: string, value: string): string {
  return `  ${`${label}:`.padEnd(13)}${value}`;
}

function describeAction(action: RuleAction): string {
  switch (action.action) {
    case 'tag':
      return `tag ${clean(action.tag)}`;
    case 'redirect':
      return `redirect to ${clean(action.to)}`;
    default:
      return action.action;
  }
}

/**
 * Detector evidence carries the detector's own redaction (`**** **** **** 1881`) and is shown;
 * other samples are clipped text from the message itself and are withheld.
 */
function describeEvidence(evidence: HitEvidence): string {
  const where = evidence.detail && evidence.detail !== evidence.detector
    ? `${evidence.source} (${clean(evidence.detail)})`
    : evidence.source;
  if (!evidence.detector) return `  - match in ${where}; sample withheld`;
  const facts = [
    evidence.count === undefined ? null : `${evidence.count} found`,
    evidence.confidence ? `confidence ${evidence.confidence}` : null,
    evidence.testValuesOnly ? 'test values only' : null,
  ].filter((fact) => fact !== null);
  const samples = evidence.samples.length > 0 ? `: ${evidence.samples.map(clean).join(', ')}` : '';
  return `  - ${evidence.detector} in ${where}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}${samples}`;
}

function listAddresses(addresses: readonly AddressEntry[], fields: ReadonlyArray<AddressEntry['field']>): string {
  const listed = addresses.filter((a) => fields.includes(a.field)).map((a) => clean(a.name ? `${a.name} <${a.address}>` : a.address));
  if (listed.length === 0) return '(none)';
  const shown = listed.slice(0, MAX_LISTED_ADDRESSES).join(', ');
  return listed.length > MAX_LISTED_ADDRESSES ? `${shown} and ${listed.length - MAX_LISTED_ADDRESSES} more` : shown;
}

/**
 * Header values come from the sender: control and format characters (line breaks, bidi
 * overrides) could forge lines of the notice or reorder what it shows, so they become spaces.
 */
function clean(value: string): string {
  const flat = value.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim();
  return flat.length > MAX_VALUE_CHARS ? `${flat.slice(0, MAX_VALUE_CHARS - 1)}…` : flat;
}
