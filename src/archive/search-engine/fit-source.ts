import { cutToJsonBytes, jsonBytes, jsonStringBytes } from './json-bytes.js';
import type { MessageFlag } from '../../domain/archive-record.js';
import type { MessageSource } from './message-source.js';

/**
 * The flag of a message document whose body or attachment text was cut to fit the engine: the
 * text indexed is only the start of what was extracted, so a word further on does not find it.
 * The original in the blob store is whole; only its index entry is shortened.
 */
export const TEXT_TRUNCATED_FLAG = 'text-truncated' satisfies MessageFlag['flag'];

export interface FittedSource {
  /** The document to send: `source` itself when it fits. */
  source: MessageSource;
  /** Its serialized size, UTF-8 bytes of JSON. */
  bytes: number;
  /** True when text was cut (the document carries {@link TEXT_TRUNCATED_FLAG}). */
  truncated: boolean;
}

/**
 * The message document at most `maxBytes` long serialized, by cutting only its extracted text:
 * the body and each attachment's text keep their start, the room left beside everything else
 * shared out fairly (a text shorter than its share is kept whole and the rest of its share goes
 * to the longer ones), and the document gets {@link TEXT_TRUNCATED_FLAG}. Metadata, addresses,
 * names, classification, journal events and the stored document are never cut: a message stays
 * findable by sender, recipient, subject and verdict however large its text. When those alone
 * are over `maxBytes` every text is emptied and the result is still over it; whether the engine
 * takes it is the engine's to say.
 */
export function fitSource(source: MessageSource, maxBytes: number): FittedSource {
  const bytes = jsonBytes(source);
  if (bytes <= maxBytes) return { source, bytes, truncated: false };
  const skeleton: MessageSource = {
    ...source,
    body: '',
    attachments: source.attachments.map((a) => (a.text === null ? a : { ...a, text: '' })),
    flags: source.flags.includes(TEXT_TRUNCATED_FLAG) ? source.flags : [...source.flags, TEXT_TRUNCATED_FLAG],
    stored: source.stored.flags.some((f) => f.flag === TEXT_TRUNCATED_FLAG)
      ? source.stored
      : { ...source.stored, flags: [...source.stored.flags, { flag: TEXT_TRUNCATED_FLAG, reason: `the index document (${bytes} bytes) was over the search engine's ${maxBytes}-byte limit, so its extracted text was cut to fit; the original is whole` }] },
  };
  const skeletonBytes = jsonBytes(skeleton);
  const texts = [source.body, ...source.attachments.map((a) => a.text ?? '')];
  const shares = fairShares(texts.map(jsonStringBytes), maxBytes - skeletonBytes);
  const cut = texts.map((text, i) => cutToJsonBytes(text, shares[i] ?? 0));
  const fitted: MessageSource = {
    ...skeleton,
    body: cut[0] ?? '',
    attachments: source.attachments.map((a, i) => (a.text === null ? a : { ...a, text: cut[i + 1] ?? '' })),
  };
  // Each text adds exactly its escaped bytes to the skeleton, where it stood as "".
  return { source: fitted, bytes: skeletonBytes + cut.reduce((sum, text) => sum + jsonStringBytes(text), 0), truncated: true };
}

/** Whether the document still has any extracted text that could be cut. */
export function hasText(source: MessageSource): boolean {
  return source.body !== '' || source.attachments.some((a) => a.text !== null && a.text !== '');
}

/**
 * Max-min fair shares of `budget` for parts of the given sizes: smallest first, each gets its
 * whole size or an equal share of what is left, whichever is less.
 */
function fairShares(sizes: readonly number[], budget: number): number[] {
  const shares = sizes.map(() => 0);
  const order = sizes.map((_, i) => i).sort((a, b) => (sizes[a] ?? 0) - (sizes[b] ?? 0));
  let left = Math.max(0, budget);
  order.forEach((index, k) => {
    const share = Math.min(sizes[index] ?? 0, Math.floor(left / (order.length - k)));
    shares[index] = share;
    left -= share;
  });
  return shares;
}
