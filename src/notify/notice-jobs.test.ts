import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noticeMessageId } from './compose-notice.js';
import { notifiedDocumentFixture, pciHitFixture } from './notice-fixture.js';
import { noticeJobsFor } from './notice-jobs.js';

const FROM = 'custodian@corp.example';

describe('noticeJobsFor', () => {
  it('makes one job per fired rule with a notify action, keyed by message and rule', () => {
    const document = notifiedDocumentFixture([
      pciHitFixture(),
      pciHitFixture({ ruleId: 'pii-us-ssn', actions: [{ action: 'incident' }] }),
    ]);
    assert.deepEqual(noticeJobsFor(document, FROM), [{
      id: `notify:${document.id}:pci-card-number-high`,
      payload: { messageId: document.id, ruleId: 'pci-card-number-high', to: ['dpo@example.com'] },
    }]);
  });

  it('merges the recipients of a rule with several notify actions, and keeps an empty list empty', () => {
    const twice = pciHitFixture({ actions: [{ action: 'notify', to: ['a@example.com', 'b@example.com'] }, { action: 'notify', to: ['b@example.com'] }] });
    assert.deepEqual(noticeJobsFor(notifiedDocumentFixture([twice]), FROM)[0]?.payload.to, ['a@example.com', 'b@example.com']);
    const defaults = pciHitFixture({ actions: [{ action: 'notify', to: [] }] });
    assert.deepEqual(noticeJobsFor(notifiedDocumentFixture([defaults]), FROM)[0]?.payload.to, []);
  });

  it('makes none for a notice of our own that came back into the archive', () => {
    const own = notifiedDocumentFixture(undefined, {
      messageId: noticeMessageId('c'.repeat(64), 'pci-card-number-high', FROM),
      addresses: [{ field: 'from', address: FROM, name: '' }],
    });
    assert.deepEqual(noticeJobsFor(own, FROM), []);
  });

  it('still notifies on a message that only borrows a notice Message-ID, from another sender', () => {
    const spoofed = notifiedDocumentFixture(undefined, { messageId: noticeMessageId('c'.repeat(64), 'pci-card-number-high', FROM) });
    assert.equal(noticeJobsFor(spoofed, FROM).length, 1);
  });
});
