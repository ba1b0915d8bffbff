import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeNotice, isNoticeMessageId, noticeMessageId } from './compose-notice.js';
import { FIXTURE_BODY_SNIPPET, FIXTURE_CARD_NUMBER, notifiedDocumentFixture, pciHitFixture } from './notice-fixture.js';

const compose = (document = notifiedDocumentFixture(), hit = pciHitFixture()) =>
  composeNotice({ document, hit, from: 'custodian@corp.example', to: ['dpo@example.com'] });

describe('composeNotice', () => {
  it('names the rule, its severity and the redacted detector evidence', () => {
    const notice = compose();
    assert.equal(notice.subject, '[Custodian] DLP rule pci-card-number-high fired (severity high)');
    assert.match(notice.text, /Id: +pci-card-number-high/);
    assert.match(notice.text, /Severity: +high/);
    assert.match(notice.text, /Actions: +tag pci, incident, notify/);
    assert.match(notice.text, /credit-card in body \(1 found, confidence high, test values only\): \*\*\*\* \*\*\*\* \*\*\*\* 1111/);
  });

  it('identifies the message and says how to open it', () => {
    const { text } = compose();
    assert.match(text, new RegExp(`Archive id: +${'a'.repeat(64)}`));
    assert.match(text, /Message-ID: +<order-7@shop\.example\.com>/);
    assert.match(text, /Date: +2026-11-20T09:30:00\.000Z/);
    assert.match(text, /From: +Alice Archer <alice@example\.com>/);
    assert.match(text, /To: +Shop Orders <orders@shop\.example\.com>/);
    assert.match(text, /Cc: +bob@example\.com/);
    assert.match(text, /Subject: +Card details for the order/);
    assert.match(text, new RegExp(`GET /api/v1/messages/${'a'.repeat(64)}`));
    assert.match(text, /message-id:<order-7@shop\.example\.com>/);
  });

  it('carries neither body text, nor a text-match snippet, nor the full card number', () => {
    const { text, subject } = compose();
    for (const part of [text, subject]) {
      assert.ok(!part.includes(FIXTURE_CARD_NUMBER));
      assert.ok(!part.includes(FIXTURE_BODY_SNIPPET));
    }
    assert.match(text, /match in body; sample withheld/);
  });

  it('flattens line breaks and bidi controls in sender-chosen values so they cannot forge lines', () => {
    const document = notifiedDocumentFixture(undefined, { subject: 'Hi\r\n  Severity:    low\u202Egnp.exe' });
    const { text } = compose(document);
    assert.match(text, /Subject: +Hi +Severity: +low gnp\.exe/);
    assert.equal(text.split('\n').filter((line) => line.includes('Severity:')).length, 2);
  });

  it('lists at most 50 addresses per field and counts the rest', () => {
    const addresses = Array.from({ length: 60 }, (_, i) => ({ field: 'to' as const, address: `u${i}@example.com`, name: '' }));
    const { text } = compose(notifiedDocumentFixture(undefined, { addresses }));
    assert.match(text, /u49@example\.com and 10 more/);
    assert.ok(!text.includes('u50@example.com'));
  });

  it('shows a spam rule by its score', () => {
    const hit = pciHitFixture({ ruleId: 'gtube', kind: 'spam', pack: 'core', severity: undefined, score: 1000, evidence: [] });
    const notice = compose(undefined, hit);
    assert.equal(notice.subject, '[Custodian] Spam rule gtube fired (score 1000)');
    assert.match(notice.text, /Score: +1000/);
    assert.match(notice.text, /\(none recorded\)/);
  });

  it('marks the notice auto-generated with a Message-ID derived from the message and rule', () => {
    const notice = compose();
    assert.equal(notice.headers['Auto-Submitted'], 'auto-generated');
    assert.equal(notice.messageId, `custodian-notice.${'a'.repeat(64)}.pci-card-number-high@corp.example`);
    assert.equal(notice.messageId, noticeMessageId('a'.repeat(64), 'pci-card-number-high', 'custodian@corp.example'));
  });
});

describe('isNoticeMessageId', () => {
  it('recognises the Message-ID of a notice from the same domain only', () => {
    const id = noticeMessageId('b'.repeat(64), 'secrets-aws-key', 'custodian@corp.example');
    assert.equal(isNoticeMessageId(id, 'custodian@corp.example'), true);
    assert.equal(isNoticeMessageId(id, 'custodian@other.example'), false);
    assert.equal(isNoticeMessageId('custodian-notice.short.rule@corp.example', 'custodian@corp.example'), false);
  });
});
