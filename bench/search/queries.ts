import { domainAt, personAt } from './people.js';
import { messageIdOf } from './vary-document.js';

/** One benchmark query: what it exercises, and the query-language text. */
export interface BenchQuery {
  label: string;
  q: string;
}

/**
 * Twenty queries a reviewer or an eDiscovery search would run, one per feature of the language,
 * including the worst cases for an FTS5 + B-tree plan: a term in nearly every message, and
 * a broad metadata filter sorted by date. Participants are named through the generator, so each
 * query finds what the synthetic archive holds (person 0 is the busiest correspondent).
 */
export const QUERIES: readonly BenchQuery[] = [
  { label: 'free word', q: 'software' },
  { label: 'phrase', q: '"mailing list"' },
  { label: 'prefix', q: 'secur*' },
  { label: 'from: address (busiest sender)', q: `from:${personAt(0).address}` },
  { label: 'to: domain', q: `to:@${domainAt(3)}` },
  { label: 'participants: address', q: `participants:${personAt(150).address}` },
  { label: 'bcc: address (journal only)', q: `bcc:${personAt(5).address}` },
  { label: 'subject: word', q: 'subject:linux' },
  { label: 'has:attachment', q: 'has:attachment' },
  { label: 'sent: one month', q: 'sent:2023-03-01..2023-03-31' },
  { label: 'size: range', q: 'size:20K..100K' },
  { label: 'AND: from domain + attachment', q: `from:@${domainAt(0)} has:attachment` },
  { label: 'OR: two words', q: 'mortgage OR viagra' },
  { label: 'NOT: subject minus domain', q: `subject:linux -from:@${domainAt(0)}` },
  { label: 'word + after: date', q: 'perl after:2024-06-01' },
  { label: 'rare term', q: 'sommelier' },
  { label: 'very common term', q: 'the' },
  { label: 'message-id:', q: `message-id:<${messageIdOf(123_456)}>` },
  { label: 'from: display name', q: `from:"${personAt(417).name}"` },
  { label: 'combo: (from OR to) -attachment + received', q: `(from:@${domainAt(1)} OR to:@${domainAt(2)}) -has:attachment received:>=2023-01-01` },
];
