import { createHash } from 'node:crypto';
import type { AddressEntry, ArchiveDocument, JournalEvent, JournalRecipient } from '../../src/domain/archive-record.js';
import type { Classification, RuleHit } from '../../src/domain/classification.js';
import type { ParsedOriginal } from '../../src/pipeline/stages/parse/index.js';
import { personAt, skewedPerson, type Person } from './people.js';
import { pick, seededRandom } from './prng.js';

/** Bump to invalidate cached archives when the generator changes. */
export const GENERATOR_VERSION = 'v1';

const START = Date.parse('2022-01-01T00:00:00Z');
const SPAN_MS = Date.parse('2025-01-01T00:00:00Z') - START;

/** One corpus original as the parse stage saw it, with its size in bytes. */
export interface ParsedCorpusMessage {
  parsed: ParsedOriginal;
  size: number;
}

/** The synthetic Message-ID of document `i` (lower-case, no angle brackets, as the index keeps it). */
export function messageIdOf(i: number): string {
  return `${i.toString(36)}.${createHash('sha256').update(`mid:${i}`).digest('hex').slice(0, 12)}@bench.custodian.test`;
}

/**
 * Document `i` of the synthetic archive: the parsed text, subject, size and attachments of a
 * corpus message, with new participants, dates and ids from a PRNG seeded by `i` (so the archive
 * is reproducible, and any one document can be regenerated alone). The id is the SHA-256 of a
 * unique string, standing in for the SHA-256 of rewritten bytes. BCC recipients appear only in
 * the journal envelope, as with real journaling (a sent message's headers do not show them).
 */
export function varyDocument(i: number, source: ParsedCorpusMessage): { document: ArchiveDocument; event: JournalEvent } {
  const random = seededRandom(i * 2654435761);
  const from = personAt(skewedPerson(random));
  const to = people(random, 1 + pick(random, 3));
  const cc = random() < 0.4 ? people(random, 1 + pick(random, 2)) : [];
  const bcc = random() < 0.1 ? people(random, 1) : [];
  const sent = START + Math.floor(random() * SPAN_MS);
  const receivedAt = new Date(sent + 1_000 + pick(random, 300_000)).toISOString();
  const id = createHash('sha256').update(`custodian-bench-search:${GENERATOR_VERSION}:${i}`).digest('hex');

  const addresses: AddressEntry[] = [
    { field: 'from', address: from.address, name: from.name },
    ...to.map((p): AddressEntry => ({ field: 'to', address: p.address, name: p.name })),
    ...cc.map((p): AddressEntry => ({ field: 'cc', address: p.address, name: p.name })),
  ];
  const recipients: JournalRecipient[] = [
    ...to.map((p): JournalRecipient => ({ address: p.address, kind: 'to' })),
    ...cc.map((p): JournalRecipient => ({ address: p.address, kind: 'cc' })),
    ...bcc.map((p): JournalRecipient => ({ address: p.address, kind: 'bcc' })),
  ];
  const { parsed, size } = source;
  const document: ArchiveDocument = {
    id,
    size,
    messageId: messageIdOf(i),
    subject: parsed.subject,
    sentAt: new Date(sent).toISOString(),
    receivedAt,
    addresses,
    bodyText: parsed.bodyText,
    attachments: parsed.attachments,
    flags: parsed.flags,
    decryptedCopyOf: null,
    classification: classificationOf(i),
  };
  const event: JournalEvent = {
    spoolId: `bench-${i}`,
    receivedSha256: id,
    envelope: {
      mailFrom: 'journal@bench.custodian.test',
      rcptTo: ['archive@bench.custodian.test'],
      clientAddress: '127.0.0.1',
      clientHostname: 'localhost',
      helo: 'bench',
      transmissionType: 'ESMTP',
      tls: null,
      authUser: null,
      receivedAt,
    },
    journal: { source: 'exchange-envelope', sender: from.address, onBehalfOf: null, reportedMessageId: messageIdOf(i), reportedSubject: parsed.subject, recipients },
    role: 'primary',
  };
  return { document, event };
}

/** A PCI hit on about 3% of messages and a secrets hit on about 1%, as a DLP rule set would give. */
const DLP_HITS: ReadonlyArray<{ share: number; hit: RuleHit }> = [
  {
    share: 0.03,
    hit: {
      ruleId: 'pci-card-number-high', kind: 'dlp', pack: 'pci', description: 'A payment card number with a card keyword', severity: 'high',
      evidence: [{ source: 'body', detector: 'credit-card', count: 1, confidence: 'high', samples: ['**** **** **** 1881'] }],
      actions: [{ action: 'tag', tag: 'pci' }, { action: 'incident' }],
    },
  },
  {
    share: 0.01,
    hit: {
      ruleId: 'secrets-aws-access-key', kind: 'dlp', pack: 'secrets', description: 'An AWS access key id', severity: 'critical',
      evidence: [{ source: 'body', detector: 'aws-access-key', count: 1, confidence: 'high', samples: ['AKIA************MPLE'] }],
      actions: [{ action: 'incident' }],
    },
  },
];

/**
 * A synthetic classification for document `i`, from its own PRNG (so the other fields are as
 * before): a spam score in [-2, 12) with verdict spam from 5, and the DLP hits above.
 */
function classificationOf(i: number): Classification {
  const random = seededRandom(i * 40503 + 7);
  const score = Math.round((random() * 14 - 2) * 10) / 10;
  const hits = DLP_HITS.filter(({ share }) => random() < share).map(({ hit }) => hit);
  return {
    rulesVersion: 'bench',
    status: 'classified',
    spam: { score, threshold: 5, verdict: score >= 5 ? 'spam' : 'ham' },
    dlp: { severity: hits.some((h) => h.severity === 'critical') ? 'critical' : hits.length > 0 ? 'high' : null },
    hits,
    tags: hits.flatMap((h) => h.actions.flatMap((a) => (a.action === 'tag' ? [a.tag] : []))),
    disposition: 'deliver',
    attachments: [],
  };
}

function people(random: () => number, count: number): Person[] {
  return Array.from({ length: count }, () => personAt(skewedPerson(random)));
}
