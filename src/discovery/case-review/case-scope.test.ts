import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LegalCase, NewCase } from '../../holds/legal-holds.js';
import { QuerySyntaxError } from '../../query/query-syntax-error.js';
import { caseScope, caseSearchQuery } from './case-scope.js';
import { caseReviewArchive } from './test-support/case-review-archive.js';

function legalCase(criteria: Partial<LegalCase>): LegalCase {
  return {
    id: '00000000-0000-4000-8000-000000000001', name: 'Acme', description: '', createdBy: 'olga', createdAt: '2024-01-01T00:00:00.000Z',
    scope: 'criteria', custodians: [], query: null, sentFrom: null, sentBefore: null, ...criteria,
  };
}

test('a case scope is the OR of its custodians as participants, AND its query, AND its sent range', () => {
  const scope = caseScope(legalCase({
    custodians: ['carol@corp.example', 'dave@corp.example'], query: 'subject:merger',
    sentFrom: '2024-01-01T00:00:00Z', sentBefore: '2024-02-01T00:00:00Z',
  }));
  assert.deepEqual(scope, {
    type: 'and',
    children: [
      { type: 'or', children: [
        { type: 'address', role: 'participants', value: 'carol@corp.example', prefix: false },
        { type: 'address', role: 'participants', value: 'dave@corp.example', prefix: false },
      ] },
      { type: 'text', field: 'subject', value: 'merger', phrase: false, prefix: false },
      { type: 'date', field: 'sent', gte: Date.UTC(2024, 0, 1), lt: Date.UTC(2024, 1, 1) },
    ],
  });
});

test('a case of the whole archive is every message, still within its sent range when it has one', () => {
  assert.deepEqual(caseScope(legalCase({ scope: 'all' })), { type: 'all' });
  assert.deepEqual(caseScope(legalCase({ scope: 'all', sentBefore: '2024-02-01T00:00:00Z' })), { type: 'date', field: 'sent', gte: null, lt: Date.UTC(2024, 1, 1) });
  assert.deepEqual(caseScope(legalCase({ custodians: ['carol@corp.example'] })), { type: 'address', role: 'participants', value: 'carol@corp.example', prefix: false });
});

test('a search within a case is the scope AND the query, or the scope alone without one', () => {
  const scope = caseScope(legalCase({ custodians: ['carol@corp.example'] }));
  assert.equal(caseSearchQuery(scope, null), scope);
  assert.equal(caseSearchQuery(scope, { type: 'all' }), scope);
  assert.deepEqual(caseSearchQuery({ type: 'all' }, { type: 'has-attachment' }), { type: 'has-attachment' });
  assert.deepEqual(caseSearchQuery(scope, { type: 'has-attachment' }), { type: 'and', children: [scope, { type: 'has-attachment' }] });
});

test('a case query that no longer parses is a syntax error, never a wider scope', () => {
  assert.throws(() => caseScope(legalCase({ query: 'subject:(merger' })), QuerySyntaxError);
});

test('a case scope finds exactly the messages the case\'s holds preserve', async (t) => {
  const archive = caseReviewArchive(t);
  const carol = 'carol@corp.example';
  const messages = [
    { name: 'from carol', addresses: [{ field: 'from' as const, address: carol, name: 'Carol' }] },
    { name: 'carol in cc, merger', subject: 'the merger', addresses: [{ field: 'cc' as const, address: carol, name: '' }] },
    { name: 'carol only in the journal', journalRecipients: [{ address: carol, kind: 'bcc' as const }], body: 'merger talk' },
    { name: 'carol as journal sender', journalSender: carol, sentAt: '2023-12-31T23:59:59.999Z' },
    { name: 'no date header, received in range', addresses: [{ field: 'to' as const, address: carol, name: '' }], sentAt: null, receivedAt: '2024-01-15T00:00:00Z' },
    { name: 'no date header, received out of range', addresses: [{ field: 'to' as const, address: carol, name: '' }], sentAt: null, receivedAt: '2024-03-15T00:00:00Z' },
    { name: 'carol lookalike', addresses: [{ field: 'to' as const, address: 'carol@corp.example.net', name: 'carol@corp.example' }] },
    { name: 'dave, merger', subject: 'merger', addresses: [{ field: 'from' as const, address: 'dave@corp.example', name: '' }], sentAt: '2024-01-02T00:00:00Z' },
    { name: 'nobody' },
  ];
  for (const message of messages) await archive.record(message);
  const cases: Array<Omit<NewCase, 'id' | 'name' | 'description' | 'createdBy'>> = [
    { scope: 'criteria', custodians: [carol], query: null, sentFrom: null, sentBefore: null },
    { scope: 'criteria', custodians: [carol, 'dave@corp.example'], query: 'merger', sentFrom: null, sentBefore: null },
    { scope: 'criteria', custodians: [carol], query: null, sentFrom: '2024-01-01T00:00:00Z', sentBefore: '2024-02-01T00:00:00Z' },
    { scope: 'criteria', custodians: [], query: 'merger OR participants:@corp.example -subject:merger', sentFrom: null, sentBefore: null },
    { scope: 'all', custodians: [], query: null, sentFrom: '2024-01-01T00:00:00Z', sentBefore: null },
    { scope: 'all', custodians: [], query: null, sentFrom: null, sentBefore: null },
  ];
  for (const [n, criteria] of cases.entries()) {
    const created = await archive.holds.createCase({ id: `00000000-0000-4000-8000-00000000000${n}`, name: `case ${n}`, description: '', createdBy: 'olga', ...criteria });
    const hold = await archive.holds.placeHold({ id: `00000000-0000-4000-9000-00000000000${n}`, caseId: created.id, placedBy: 'olga', reason: 'test' });
    await archive.holds.idle();
    const held = (await archive.holds.heldMessages(hold.id, { limit: 100, after: null })).ids;
    const found = (await archive.index.search({ query: caseScope(created), sort: 'received', order: 'asc', limit: 100, after: null })).hits.map((h) => h.id).sort();
    assert.deepEqual(found, held, JSON.stringify(criteria));
    if (criteria.scope === 'criteria') assert.ok(held.length > 0 && held.length < messages.length, `case ${n} tells messages apart`);
  }
});
