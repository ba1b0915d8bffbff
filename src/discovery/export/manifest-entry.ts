import { z } from 'zod';
import type { StoredMessage } from '../../archive/archive-index.js';

/** One exported message as the manifests (CSV and JSON) list it. */
export interface ManifestEntry {
  /** Position in the export, from 1 (the mbox order; the ZIP order). */
  seq: number;
  archiveId: string;
  /** SHA-256 of the original bytes as read and checked while exporting (equals `archiveId`). */
  sha256: string;
  /** Message-ID header without angle brackets; null when absent. */
  messageId: string | null;
  /** ISO-8601 of the Date header; null when absent or invalid. */
  date: string | null;
  /** ISO-8601 of the first receipt. */
  receivedAt: string;
  from: string[];
  to: string[];
  cc: string[];
  bcc: string[];
  /** Recipients only the journal reports or envelopes named (`kind:address`, e.g. `bcc:hr@example.com`). */
  journalRecipients: string[];
  /** Bytes of the original. */
  size: number;
  /** The message's review tags in the export's case, sorted; empty outside a case. */
  reviewTags: string[];
  /** The export file that holds it: `export.zip` (or a later volume, `export-2.zip` …) or `export.mbox`. */
  file: string;
  /** Where it is inside that file: `messages/<id>.eml` or `.pdf` in a ZIP, `export.mbox#<seq>` in an mbox. */
  path: string;
}

export const manifestEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  archiveId: z.string().regex(/^[0-9a-f]{64}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  messageId: z.string().nullable(),
  date: z.string().nullable(),
  receivedAt: z.string(),
  from: z.array(z.string()),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  journalRecipients: z.array(z.string()),
  size: z.number().int().nonnegative(),
  reviewTags: z.array(z.string()),
  file: z.string(),
  path: z.string(),
});

/** The CSV's columns, in order; list cells are joined with `LIST_SEPARATOR`. */
export const MANIFEST_CSV_COLUMNS = [
  'seq', 'archive_id', 'sha256', 'message_id', 'date', 'received_at', 'from', 'to', 'cc', 'bcc', 'journal_recipients', 'size', 'review_tags', 'file', 'path',
] as const;

/** Addresses never contain `;` unquoted in what the index keeps (lower-cased bare addresses). */
export const LIST_SEPARATOR = '; ';

/** A manifest entry from what the index keeps and the bytes just read. */
export function manifestEntryOf(input: { seq: number; stored: StoredMessage; sha256: string; size: number; reviewTags: string[]; file: string; path: string }): ManifestEntry {
  const { document, events } = input.stored;
  const field = (name: string) => unique(document.addresses.filter((a) => a.field === name && a.address !== '').map((a) => a.address));
  const headerRecipients = new Set([...field('to'), ...field('cc'), ...field('bcc')]);
  const journalRecipients = unique(events.flatMap((e) => e.journal.recipients)
    .filter((r) => !headerRecipients.has(r.address))
    .map((r) => `${r.kind}:${r.address}`));
  return {
    seq: input.seq,
    archiveId: document.id,
    sha256: input.sha256,
    messageId: document.messageId,
    date: document.sentAt,
    receivedAt: document.receivedAt,
    from: field('from'),
    to: field('to'),
    cc: field('cc'),
    bcc: field('bcc'),
    journalRecipients,
    size: input.size,
    reviewTags: [...input.reviewTags].sort(),
    file: input.file,
    path: input.path,
  };
}

/**
 * The entry's CSV cells, in `MANIFEST_CSV_COLUMNS` order. Cells taken from mail (Message-ID,
 * addresses) that a spreadsheet would run as a formula get a leading `'` (OWASP's CSV injection
 * advice); `manifest.json` keeps the exact values.
 */
export function manifestCsvCells(entry: ManifestEntry): string[] {
  const list = (values: string[]) => inert(values.join(LIST_SEPARATOR));
  return [
    String(entry.seq), entry.archiveId, entry.sha256, inert(entry.messageId ?? ''), entry.date ?? '', entry.receivedAt, list(entry.from), list(entry.to),
    list(entry.cc), list(entry.bcc), list(entry.journalRecipients), String(entry.size), list(entry.reviewTags), entry.file, entry.path,
  ];
}

/** A cell a spreadsheet would not evaluate: one starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`. */
export function inert(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
