import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { auditEntryHash, canonicalAuditEntry, GENESIS_HASH } from './audit-chain.js';

const record = { seq: 1, at: '2024-05-01T10:00:00.000Z', actor: 'olga', action: 'search', source: '203.0.113.9', detail: { query: 'x', ids: ['b', 'a'] } };

test('the canonical entry is sorted-key JSON of seq, at, actor, action, source and detail', () => {
  assert.equal(
    canonicalAuditEntry(record),
    '{"action":"search","actor":"olga","at":"2024-05-01T10:00:00.000Z","detail":{"ids":["b","a"],"query":"x"},"seq":1,"source":"203.0.113.9"}',
  );
});

test('an entry hash is SHA-256 over the previous hash bytes then the canonical entry, as documented', () => {
  const expected = createHash('sha256')
    .update(Buffer.concat([Buffer.alloc(32), Buffer.from(canonicalAuditEntry(record), 'utf8')]))
    .digest('hex');
  assert.equal(auditEntryHash(GENESIS_HASH, record), expected);
  assert.notEqual(auditEntryHash(expected, record), expected);
});
