import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../db/migrations.js';
import { domainKeyOf } from '../archive/sqlite/domain-key.js';
import type { AddressField } from '../domain/archive-record.js';
import { compileToSqlite } from './compile-sqlite.js';
import { parseQuery } from './parse-query.js';
import { QuerySyntaxError } from './query-syntax-error.js';
import { ALL_TEST_MESSAGES, QUERY_CASES as CASES } from './test-support/query-cases.js';
import { punctuationSoup } from './test-support/punctuation-soup.js';

interface Fixture {
  rowid: number;
  id: string;
  messageId: string | null;
  subject: string;
  body: string;
  attachmentNames?: string;
  attachmentText?: string;
  names: { from: string; to: string; cc?: string; bcc?: string };
  addresses: [AddressField, string][];
  sentAt: string | null;
  receivedAt: string;
  size: number;
  hasAttachment: boolean;
}

const FIXTURES: Fixture[] = [
  {
    rowid: 1,
    id: 'm1',
    messageId: 'abc123@example.com',
    subject: 'Quarterly report Q3',
    body: 'Please find the revenue numbers attached. Regards, Alice',
    attachmentNames: 'report-q3.xlsx',
    attachmentText: 'revenue 1000 EUR',
    names: { from: 'Alice Smith alice@example.com', to: 'Bob Jones bob@corp.example.com', cc: 'Carol White carol@other.org' },
    addresses: [
      ['from', 'alice@example.com'],
      ['to', 'bob@corp.example.com'],
      ['cc', 'carol@other.org'],
    ],
    sentAt: '2024-01-15T10:00:00Z',
    receivedAt: '2024-01-15T10:01:00Z',
    size: 5000,
    hasAttachment: true,
  },
  {
    rowid: 2,
    id: 'm2',
    messageId: 'lunch@corp.example.com',
    subject: 'Lunch on Friday?',
    body: 'Shall we get lunch at the café downstairs?',
    names: { from: 'Bob Jones bob@corp.example.com', to: 'Alice Smith alice@example.com' },
    // dave was a BCC recipient only the journal report revealed: no names_bcc text.
    addresses: [
      ['from', 'bob@corp.example.com'],
      ['to', 'alice@example.com'],
      ['bcc', 'dave@example.com'],
    ],
    sentAt: null,
    receivedAt: '2024-01-31T23:59:59.999Z',
    size: 2048,
    hasAttachment: false,
  },
  {
    rowid: 3,
    id: 'm3',
    messageId: null,
    subject: 'Re: NEAR miss "incident"',
    body: "The form said subject: NEAR(foo bar) ^start and it's fine; e-mail o'brien",
    names: { from: 'Carol White carol@other.org', to: 'Alice Smith alice@example.com' },
    addresses: [
      ['from', 'carol@other.org'],
      ['sender', 'assistant@other.org'],
      ['to', 'alice@example.com'],
      ['envelope', 'eve@sub.example.com'],
    ],
    sentAt: '2024-02-01T00:00:00Z',
    receivedAt: '2024-02-01T00:05:00Z',
    size: 3 * 1024 * 1024,
    hasAttachment: false,
  },
  {
    rowid: 4,
    id: 'm4',
    messageId: 'inv-001@vendor.example.net',
    subject: 'Invoice 2024-001',
    body: 'Amount due: 500 EUR',
    attachmentNames: 'invoice.pdf',
    attachmentText: 'invoice total 500',
    names: { from: 'Vendor Billing billing@vendor.example.net', to: 'alice@example.com' },
    addresses: [
      ['from', 'billing@vendor.example.net'],
      ['journal-sender', 'journal@vendor.example.net'],
      ['on-behalf-of', 'ceo@vendor.example.net'],
      ['to', 'alice@example.com'],
    ],
    sentAt: '2023-12-31T23:30:00-01:00',
    receivedAt: '2024-01-02T00:00:00Z',
    size: 10 * 1024,
    hasAttachment: true,
  },
  {
    rowid: 5,
    id: 'm5',
    messageId: 'x@evil.test',
    subject: 'DROP TABLE messages; --',
    body: 'quote \' and " test',
    names: { from: 'Mallory mallory@evil.test', to: 'Trent trent@evil.test' },
    addresses: [
      ['from', 'mallory@evil.test'],
      ['reply-to', 'replies@notexample.com'],
      ['to', 'trent@evil.test'],
    ],
    sentAt: '2024-03-10T12:00:00Z',
    receivedAt: '2024-03-10T12:00:00Z',
    size: 100,
    hasAttachment: false,
  },
];

const ALL = ALL_TEST_MESSAGES;

/** Classification rows of the fixtures, by rowid: verdict, score, DLP severity rank, status, hits, tags. */
const VERDICTS: Record<number, { verdict: string; score: number; severity: number | null; status: string; hits: [rule: string, kind: string, severity: number | null, detector: string][]; tags: string[] }> = {
  1: { verdict: 'ham', score: 1.5, severity: 3, status: 'classified', hits: [['pci-card-number-high', 'dlp', 3, 'credit-card'], ['spam-html', 'spam', null, '']], tags: ['pci'] },
  2: { verdict: 'spam', score: 5, severity: null, status: 'classified', hits: [['spam-gtube', 'spam', null, 'email']], tags: ['Bulk'] },
  3: { verdict: 'spam', score: 12.25, severity: 4, status: 'classified', hits: [['secrets-aws-key', 'dlp', 4, 'aws-access-key'], ['pci-card-number-high', 'dlp', 3, 'credit-card']], tags: ['pci', 'secrets'] },
  4: { verdict: 'ham', score: -1, severity: 1, status: 'classified', hits: [['pii-email', 'dlp', 1, 'email']], tags: [] },
  5: { verdict: 'error', score: 0, severity: null, status: 'error', hits: [], tags: [] },
};


function toRow(f: Fixture): Record<string, string | number | null> {
  return {
    rowid: f.rowid,
    id: f.id,
    message_id: f.messageId,
    subject: f.subject,
    sent_at: f.sentAt === null ? null : Date.parse(f.sentAt),
    received_at: Date.parse(f.receivedAt),
    size: f.size,
    has_attachment: f.hasAttachment ? 1 : 0,
  };
}

describe('compileToSqlite against a real SQLite archive index', () => {
  let db: Database.Database;

  before(() => {
    db = new Database(':memory:');
    for (const migration of MIGRATIONS) db.exec(migration);
    const insertMessage = db.prepare(
      `INSERT INTO messages (rowid, id, message_id, subject, sent_at, received_at, size, has_attachment, flags, document)
       VALUES (@rowid, @id, @message_id, @subject, @sent_at, @received_at, @size, @has_attachment, '[]', '{}')`,
    );
    const insertAddress = db.prepare(
      `INSERT INTO message_addresses (message_rowid, field, address, domain_key, name) VALUES (?, ?, ?, ?, '')`,
    );
    const insertText = db.prepare(
      `INSERT INTO message_fts (rowid, subject, body, attachment_names, attachment_text, names_from, names_to, names_cc, names_bcc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertVerdict = db.prepare(
      `INSERT INTO message_classification (message_rowid, spam_score, spam_verdict, dlp_severity, status, classification) VALUES (?, ?, ?, ?, ?, '{}')`,
    );
    const insertHit = db.prepare(`INSERT INTO message_rule_hits (message_rowid, rule_id, kind, severity, detector) VALUES (?, ?, ?, ?, ?)`);
    const insertTag = db.prepare(`INSERT INTO message_tags (message_rowid, tag) VALUES (?, ?)`);
    for (const f of FIXTURES) {
      insertMessage.run(toRow(f));
      const v = VERDICTS[f.rowid];
      if (v === undefined) throw new Error(`fixture ${f.rowid} has no verdict`);
      insertVerdict.run(f.rowid, v.score, v.verdict, v.severity, v.status);
      for (const hit of v.hits) insertHit.run(f.rowid, ...hit);
      for (const tag of v.tags) insertTag.run(f.rowid, tag);
      for (const [field, address] of f.addresses) insertAddress.run(f.rowid, field, address, domainKeyOf(address));
      const n = f.names;
      insertText.run(f.rowid, f.subject, f.body, f.attachmentNames ?? '', f.attachmentText ?? '', n.from, n.to, n.cc ?? '', n.bcc ?? '');
    }
  });

  after(() => db.close());

  function search(query: string): string[] {
    const { where, params, join } = compileToSqlite(parseQuery(query));
    const rows = db.prepare(`SELECT m.id FROM messages m${join} WHERE ${where} ORDER BY m.id`).all(...params) as { id: string }[];
    return rows.map((r) => r.id);
  }

  for (const [query, ids] of CASES) {
    it(`finds ${ids.length === 0 ? 'nothing' : ids.join(', ')} for ${JSON.stringify(query)}`, () => {
      assert.deepEqual(search(query), ids);
    });
  }

  it('offers a full-text-only count exactly when it agrees with the full query', () => {
    let offered = 0;
    for (const [query, ids] of CASES) {
      const { ftsOnly } = compileToSqlite(parseQuery(query));
      if (ftsOnly === null) continue;
      offered++;
      const { n } = db.prepare('SELECT count(*) AS n FROM message_fts WHERE message_fts MATCH ?').get(ftsOnly) as { n: number };
      assert.equal(n, ids.length, query);
    }
    assert.ok(offered > 10);
  });

  it('keeps every user value out of the SQL text, in bound parameters only', () => {
    for (const [query] of CASES) {
      const { where } = compileToSqlite(parseQuery(query));
      // The compiler's own constants: partial indexes match only literal conditions.
      const withoutOwnLiterals = [`'%.'`, `'\\'`, `'dlp'`, `'error'`].reduce((sql, own) => sql.replaceAll(own, ''), where);
      assert.doesNotMatch(withoutOwnLiterals, /['"]/, `quote in SQL for ${query}: ${where}`);
    }
  });

  it('merges neighbouring full-text conditions into a single MATCH', () => {
    const { where, params } = compileToSqlite(parseQuery('from:alice (subject:report OR body:lunch) -invoice has:attachment'));
    assert.equal(where.split('MATCH ?').length - 1, 1, where);
    assert.ok(params.includes('((names_from : ("alice")) AND ((subject : ("report")) OR (body : ("lunch")))) NOT ("invoice")'), String(params));
  });

  it('uses the index on coalesce(sent_at, received_at) for sent-date ranges', () => {
    const { where, params } = compileToSqlite(parseQuery('sent:2024-01-01..2024-01-31'));
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT m.id FROM messages m WHERE ${where}`).all(...params) as { detail: string }[];
    assert.ok(plan.some((row) => row.detail.includes('messages_sent')), JSON.stringify(plan));
  });

  it('counts a lone verdict term exactly, from that term\'s own index', () => {
    const plans: [query: string, index: string][] = [
      ['spam:yes', 'message_classification_verdict'],
      ['score>=5', 'message_classification_score'],
      ['score:-1..1.5', 'message_classification_score'],
      ['dlp-severity>=high', 'message_classification_dlp'],
      ['classification:error', 'message_classification_status'],
      ['dlp:credit-card', 'message_rule_hits_detector'],
      ['rule:pci-card-number-high', 'message_rule_hits_rule'],
      ['tag:pci', 'message_tags_tag'],
    ];
    for (const [query, index] of plans) {
      const { countOnly } = compileToSqlite(parseQuery(query));
      assert.ok(countOnly, query);
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${countOnly.sql}`).all(...countOnly.params) as { detail: string }[];
      assert.ok(plan.some((row) => row.detail.includes(index)), `${query}: ${JSON.stringify(plan)}`);
      const { n } = db.prepare(countOnly.sql).get(...countOnly.params) as { n: number };
      assert.equal(n, CASES.find(([q]) => q === query)?.[1].length, query);
    }
    assert.equal(compileToSqlite(parseQuery('spam:yes report')).countOnly, null);
    assert.equal(compileToSqlite(parseQuery('-spam:yes')).countOnly, null);
  });

  it('joins the classification row only for the terms that test it', () => {
    assert.equal(compileToSqlite(parseQuery('report from:alice')).join, '');
    assert.equal(compileToSqlite(parseQuery('tag:pci rule:x')).join, '');
    assert.match(compileToSqlite(parseQuery('report -spam:yes')).join, /JOIN message_classification c/);
  });

  it('either rejects random punctuation soup with a QuerySyntaxError or runs it without an SQL error', () => {
    for (const query of punctuationSoup(42)) {
      try {
        const found = search(query);
        assert.ok(found.every((id) => ALL.includes(id)));
      } catch (error) {
        assert.ok(error instanceof QuerySyntaxError, `${JSON.stringify(query)}: ${String(error)}`);
      }
    }
  });

  it('compiles hand-built trees with empty chains and open ranges to constants', () => {
    assert.deepEqual(compileToSqlite({ type: 'and', children: [] }), { where: '1', params: [], join: '', ftsOnly: null, countOnly: null });
    assert.deepEqual(compileToSqlite({ type: 'or', children: [] }), { where: '0', params: [], join: '', ftsOnly: null, countOnly: null });
    assert.deepEqual(compileToSqlite({ type: 'date', field: 'received', gte: null, lt: null }), { where: '1', params: [], join: '', ftsOnly: null, countOnly: null });
    assert.deepEqual(compileToSqlite({ type: 'not', child: { type: 'all' } }), { where: '0', params: [], join: '', ftsOnly: null, countOnly: null });
    assert.deepEqual(compileToSqlite({ type: 'and', children: [{ type: 'score', min: null, max: null }] }), { where: '1', params: [], join: '', ftsOnly: null, countOnly: null });
  });
});
