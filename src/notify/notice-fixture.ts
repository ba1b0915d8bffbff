import type { ArchiveDocument } from '../domain/archive-record.js';
import type { Classification, RuleHit } from '../domain/classification.js';

/** The full card number in the fixture's body: a notice must never carry it. */
export const FIXTURE_CARD_NUMBER = '4111 1111 1111 1111';
/** The body snippet a text-match condition recorded: a notice must withhold it. */
export const FIXTURE_BODY_SNIPPET = 'please charge my card today';

/** A DLP hit as the rule engine records it: redacted detector evidence and a text-match snippet. */
export function pciHitFixture(overrides: Partial<RuleHit> = {}): RuleHit {
  return {
    ruleId: 'pci-card-number-high',
    kind: 'dlp',
    pack: 'pci',
    description: 'A payment card number with a card keyword, CVV or expiry nearby',
    severity: 'high',
    evidence: [
      { source: 'body', detector: 'credit-card', count: 1, confidence: 'high', samples: ['**** **** **** 1111'], testValuesOnly: true },
      { source: 'body', samples: [FIXTURE_BODY_SNIPPET] },
    ],
    actions: [{ action: 'tag', tag: 'pci' }, { action: 'incident' }, { action: 'notify', to: ['dpo@example.com'] }],
    ...overrides,
  };
}

/**
 * An archived message for tests of notices: a card number in its body, classified with
 * `hits` (default: one PCI hit).
 */
export function notifiedDocumentFixture(hits: RuleHit[] = [pciHitFixture()], overrides: Partial<ArchiveDocument> = {}): ArchiveDocument {
  const classification: Classification = {
    rulesVersion: 'test',
    status: 'classified',
    spam: { score: 0, threshold: 5, verdict: 'ham' },
    dlp: { severity: 'high' },
    hits,
    tags: ['pci'],
    disposition: 'deliver',
    attachments: [],
  };
  return {
    id: 'a'.repeat(64),
    size: 512,
    messageId: 'order-7@shop.example.com',
    subject: 'Card details for the order',
    sentAt: '2026-11-20T09:30:00.000Z',
    receivedAt: '2026-11-20T09:30:05.000Z',
    addresses: [
      { field: 'from', address: 'alice@example.com', name: 'Alice Archer' },
      { field: 'to', address: 'orders@shop.example.com', name: 'Shop Orders' },
      { field: 'cc', address: 'bob@example.com', name: '' },
    ],
    bodyText: `Hello, ${FIXTURE_BODY_SNIPPET}: Visa ${FIXTURE_CARD_NUMBER} exp 12/27`,
    attachments: [],
    flags: [],
    decryptedCopyOf: null,
    classification,
    ...overrides,
  };
}
