import type { MessageView } from '../message-view.js';

/**
 * Header fields whose words are tokens, each prefixed with its name: who sent it and to which
 * list, with what software and charset. Trace fields (`Received`, dates, ids) are left out: they
 * are mostly unique per message and would only grow the model.
 */
const TOKEN_HEADERS: ReadonlySet<string> = new Set([
  'from', 'sender', 'reply-to', 'to', 'cc', 'x-mailer', 'user-agent', 'content-type', 'list-id',
  'x-mailing-list', 'mailing-list', 'precedence', 'organization', 'x-priority', 'x-msmail-priority',
]);

/** Body text read per message: a spammer gains nothing past this, and the cost stays bounded. */
const MAX_BODY_CHARS = 200_000;
const MIN_WORD = 3;
const MAX_WORD = 24;

/**
 * Words as Graham's "A Plan for Spam" defines them: letters, digits, dashes, apostrophes, dots
 * and dollar signs, so `$19.99`, `don't` and `e-mail` stay whole; anything else separates.
 */
const WORD = /[\p{L}\p{N}$'.-]+/gu;

/**
 * The distinct tokens of a message for the Bayesian classifier, in the manner of SpamAssassin's
 * and SpamBayes' tokenisers: lower-cased body words, subject words (`s:`), words of selected
 * headers (`h:<name>:`), the Message-ID's domain (`mid:`) and each URL's host (`u:`). A word too
 * long to be a word (encoded data, hashes) becomes one coarse `sk:` token of its first letter and
 * length, as SpamBayes does, so it still counts without swelling the model. All-digit words are
 * dropped (Graham): dates and amounts differ per message.
 */
export function bayesTokens(view: MessageView): Set<string> {
  const tokens = new Set<string>();
  addWords(tokens, '', view.text.length > MAX_BODY_CHARS ? view.text.slice(0, MAX_BODY_CHARS) : view.text);
  addWords(tokens, 's:', view.subject);
  for (const { name, value } of view.headers) {
    if (TOKEN_HEADERS.has(name)) addWords(tokens, `h:${name}:`, value);
    else if (name === 'message-id') {
      const domain = /@([^>\s]+)/.exec(value)?.[1];
      if (domain) tokens.add(`mid:${domain.toLowerCase()}`);
    }
  }
  for (const url of view.urls) {
    const host = hostOf(url);
    if (host) tokens.add(`u:${host}`);
  }
  return tokens;
}

function addWords(tokens: Set<string>, prefix: string, text: string): void {
  for (const match of text.matchAll(WORD)) {
    // Sentence punctuation and quotes around a word are not part of it.
    const word = match[0].replace(/^['.-]+|['.-]+$/g, '').toLowerCase();
    if (word.length < MIN_WORD || /^[\d.,-]+$/.test(word)) continue;
    tokens.add(word.length > MAX_WORD ? `${prefix}sk:${word[0] ?? ''}${Math.floor(word.length / 10) * 10}` : `${prefix}${word}`);
  }
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}
