import type { JobName, JobPayloads } from '../../queue/catalogue.js';
import { createHash } from 'node:crypto';
import { InvalidSearchError, type AggregateBucket, type AggregateField, type ArchiveIndex, type RemovedEntry, type SearchRequest, type SearchResult, type StoredMessage } from '../../archive/archive-index.js';
import { BlobIntegrityError, BlobNotFoundError, type BlobStore } from '../../archive/blob-store.js';
import type { Classification } from '../../domain/classification.js';
import type { DeadLetter, JobQueue, QueueCounts } from '../../queue/job-queue.js';
import type { ReloadOutcome, RuleSetSummary, RulesDeps } from '../routes/rules-deps.js';

/** Cursor the fake index refuses, to exercise `InvalidSearchError`. */
export const FOREIGN_CURSOR = 'cursor-from-another-sort';

/** A classification with one DLP hit, its redacted evidence and a tag, as the rule engine writes it. */
export function sampleClassification(): Classification {
  return {
    rulesVersion: 'rules-v1',
    status: 'classified',
    spam: { score: 1.5, threshold: 5, verdict: 'ham' },
    dlp: { severity: 'high' },
    hits: [
      {
        ruleId: 'pci-card-number-high',
        kind: 'dlp',
        pack: 'pci',
        description: 'A payment card number with a card keyword nearby',
        severity: 'high',
        evidence: [{ source: 'body', detector: 'credit-card', count: 1, confidence: 'high', samples: ['**** **** **** 1881'] }],
        actions: [{ action: 'tag', tag: 'pci' }, { action: 'incident' }],
      },
    ],
    tags: ['pci'],
    disposition: 'deliver',
    attachments: [],
  };
}

/** An archived message for tests: its exact bytes (with CR, LF, NUL and 8-bit) and index entry. */
export function sampleMessage(subject: string): { raw: Buffer; stored: StoredMessage } {
  const raw = Buffer.concat([
    Buffer.from(`From: Alice <alice@example.com>\r\nTo: bob@example.com\r\nSubject: ${subject}\r\n\r\nHello\r\n`, 'latin1'),
    Buffer.from([0x00, 0xff, 0x0d, 0x80, 0x0a]),
  ]);
  const id = createHash('sha256').update(raw).digest('hex');
  const receivedAt = '2024-05-01T10:00:00.000Z';
  const stored: StoredMessage = {
    document: {
      id,
      size: raw.length,
      messageId: `${subject.toLowerCase()}@example.com`,
      subject,
      sentAt: receivedAt,
      receivedAt,
      addresses: [{ field: 'from', address: 'alice@example.com', name: 'Alice' }],
      attachments: [],
      flags: [],
      decryptedCopyOf: null,
      classification: sampleClassification(),
    },
    events: [
      {
        spoolId: `spool-${subject}`,
        receivedSha256: id,
        envelope: {
          mailFrom: 'journal@example.com',
          rcptTo: ['archive@example.com'],
          clientAddress: '192.0.2.1',
          clientHostname: 'mx.example.com',
          helo: 'mx.example.com',
          transmissionType: 'ESMTPS',
          tls: null,
          authUser: null,
          receivedAt,
        },
        journal: { source: 'bcc-copy', sender: 'alice@example.com', onBehalfOf: null, reportedMessageId: null, reportedSubject: null, recipients: [] },
        role: 'primary',
      },
    ],
  };
  return { raw, stored };
}

/** An in-memory index that returns every stored message for any query, and remembers requests. */
export class FakeArchiveIndex implements ArchiveIndex {
  readonly messages = new Map<string, StoredMessage>();
  readonly searches: SearchRequest[] = [];

  async record(): Promise<never> {
    throw new Error('the API never records');
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    this.searches.push(request);
    if (request.after === FOREIGN_CURSOR) throw new InvalidSearchError('The cursor belongs to another sort order.');
    const all = [...this.messages.values()].map(({ document: d }) => ({
      id: d.id,
      messageId: d.messageId,
      subject: d.subject,
      from: 'Alice <alice@example.com>',
      sentAt: d.sentAt,
      receivedAt: d.receivedAt,
      size: d.size,
      hasAttachment: d.attachments.length > 0,
      flags: [],
      spamScore: d.classification.spam.score,
      spamVerdict: d.classification.spam.verdict,
      dlpSeverity: d.classification.dlp.severity,
      tags: d.classification.tags,
    }));
    return { total: all.length, hits: all.slice(0, request.limit), nextCursor: all.length > request.limit ? 'next' : null };
  }

  /** Groups every stored message (the query is ignored, as `search` ignores it). */
  async aggregate(_query: unknown, by: AggregateField): Promise<AggregateBucket[]> {
    const counts = new Map<string, number>();
    for (const { document: d } of this.messages.values()) {
      const keys = by === 'sent-month'
        ? [(d.sentAt ?? d.receivedAt).slice(0, 7)]
        : by === 'tag'
          ? d.classification.tags.map((tag) => tag.toLowerCase())
          : d.addresses.filter((a) => a.field === 'from').map((a) => a.address.slice(a.address.indexOf('@') + 1));
      for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async get(id: string): Promise<StoredMessage | null> {
    return this.messages.get(id) ?? null;
  }

  async count(): Promise<number> {
    return this.messages.size;
  }

  async delete(id: string): Promise<RemovedEntry | null> {
    const message = this.messages.get(id);
    if (message === undefined) return null;
    this.messages.delete(id);
    return { size: message.document.size, receivedAt: message.document.receivedAt };
  }
}

/** In-memory blobs; ids in `corrupt` fail their integrity check as a tampered file would. */
export class FakeBlobStore implements BlobStore {
  readonly blobs = new Map<string, Buffer>();
  readonly corrupt = new Set<string>();

  async put(id: string, bytes: Buffer): Promise<void> {
    this.blobs.set(id, Buffer.from(bytes));
  }

  async get(id: string): Promise<Buffer> {
    if (this.corrupt.has(id)) throw new BlobIntegrityError(`blob ${id} at /secret/path failed its hash`);
    const bytes = this.blobs.get(id);
    if (bytes === undefined) throw new BlobNotFoundError(`no blob ${id} at /secret/path`);
    return Buffer.from(bytes);
  }

  async delete(id: string): Promise<void> {
    this.blobs.delete(id);
    this.corrupt.delete(id);
  }
}

/** A queue holding only dead letters; `retryDead` moves one back to waiting. */
export class FakeJobQueue implements JobQueue {
  readonly dead: DeadLetter[] = [];
  readonly retried: string[] = [];
  /** Every job enqueued, in order (nothing runs them). */
  readonly enqueued: Array<{ name: JobName; payload: unknown; id: string }> = [];

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], id: string): Promise<void> {
    this.enqueued.push({ name, payload, id });
  }
  start(): void {}
  async drain(): Promise<void> {}
  async close(): Promise<void> {}

  async counts(): Promise<QueueCounts> {
    return { waiting: this.retried.length, active: 0, delayed: 0, dead: this.dead.length, completed: 7 };
  }

  async deadLetters(limit: number, offset: number): Promise<DeadLetter[]> {
    return this.dead.slice(offset, offset + limit);
  }

  async retryDead(id: string): Promise<boolean> {
    const at = this.dead.findIndex((letter) => letter.id === id);
    if (at < 0) return false;
    this.dead.splice(at, 1);
    this.retried.push(id);
    return true;
  }
}

/** The active set's summary for tests: one DLP and one spam rule. */
export function sampleRuleSet(version: string): RuleSetSummary {
  return {
    version,
    loadedAt: '2024-05-01T09:00:00.000Z',
    rules: [
      {
        id: 'pci-card-number-high', kind: 'dlp', pack: 'pci', description: 'A payment card number with a card keyword nearby',
        severity: 'high', actions: [{ action: 'tag', tag: 'pci' }, { action: 'incident' }],
      },
      { id: 'spam-gtube', kind: 'spam', pack: 'spam', description: 'The GTUBE test string', score: 1000, actions: [] },
    ],
  };
}

/** A rule engine whose next reload gives `nextReload`: the new set is swapped in only when it is valid. */
export class FakeRules implements RulesDeps {
  active = sampleRuleSet('rules-v1');
  nextReload: ReloadOutcome = { ok: true, summary: sampleRuleSet('rules-v2') };
  reloads = 0;

  current(): RuleSetSummary {
    return this.active;
  }

  async reload(): Promise<ReloadOutcome> {
    this.reloads++;
    if (this.nextReload.ok) this.active = this.nextReload.summary;
    return this.nextReload;
  }
}
