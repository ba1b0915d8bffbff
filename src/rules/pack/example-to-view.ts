import type { AddressEntry } from '../../domain/archive-record.js';
import type { AttachmentExtractor } from '../../extract/extraction.js';
import type { AttachmentView, AuthView, MessageView } from '../message-view.js';
import { UNKNOWN_AUTH } from '../view/build-message-view.js';
import { findUrls } from '../view/find-urls.js';
import { viewFromEml } from '../view/view-from-eml.js';
import type { ExampleMessage } from './rule-definition.js';

/** The sender an example has when it names none. */
export const EXAMPLE_SENDER = 'sender@external.example';
/** The recipients an example has when it names none. */
export const EXAMPLE_RECIPIENTS: readonly string[] = ['user@internal.example'];

export interface ExampleToViewOptions {
  /** Extracts attachment text of `eml:` examples; without one only text-like attachments are read. */
  extractor?: AttachmentExtractor;
}

/** Headers a normal message has; an example drops one by giving it an empty list. */
const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  date: 'Mon, 2 Nov 2026 09:30:00 +0000',
  'message-id': '<example@external.example>',
  'mime-version': '1.0',
};

/**
 * The message view of a rule example. Unset parts default to an ordinary message from
 * {@link EXAMPLE_SENDER} to {@link EXAMPLE_RECIPIENTS} with no authentication results;
 * attachments' sniffed type defaults to their declared type. `eml:` examples are parsed as the
 * pipeline parses mail.
 */
export async function exampleToView(example: ExampleMessage, options: ExampleToViewOptions = {}): Promise<MessageView> {
  const auth: AuthView = { ...UNKNOWN_AUTH, ...example.auth };
  if (example.eml !== undefined) {
    const envelope = { sender: example.envelope?.sender ?? EXAMPLE_SENDER, recipients: example.envelope?.recipients ?? EXAMPLE_RECIPIENTS };
    return viewFromEml(Buffer.from(example.eml, 'utf8'), envelope, { auth, ...(options.extractor && { extractor: options.extractor }) });
  }

  const from = parseAddress(example.from ?? EXAMPLE_SENDER, 'from');
  const to = (example.to ?? EXAMPLE_RECIPIENTS).map((a) => parseAddress(a, 'to'));
  const cc = (example.cc ?? []).map((a) => parseAddress(a, 'cc'));
  const subject = example.subject ?? '';
  const body = example.body ?? '';
  const html = example.html ?? '';

  const headers: Array<{ name: string; value: string }> = [
    { name: 'from', value: example.from ?? EXAMPLE_SENDER },
    { name: 'to', value: (example.to ?? EXAMPLE_RECIPIENTS).join(', ') },
    ...(example.cc ? [{ name: 'cc', value: example.cc.join(', ') }] : []),
    { name: 'subject', value: subject },
  ];
  const given = new Map(Object.entries(example.headers ?? {}).map(([name, value]) => [name.toLowerCase(), typeof value === 'string' ? [value] : value]));
  for (const [name, value] of Object.entries(DEFAULT_HEADERS)) if (!given.has(name)) headers.push({ name, value });
  for (const [name, values] of given) for (const value of values) headers.push({ name, value });

  // Address headers given under `headers:` (reply-to, sender, bcc…) are addresses too, as a parser would make them.
  const headerAddresses = [...given].flatMap(([name, values]) =>
    ADDRESS_HEADERS.has(name) ? values.flatMap((value) => splitAddressList(value).map((a) => parseAddress(a, name as AddressEntry['field']))) : []);

  const attachments = (example.attachments ?? []).map((a): AttachmentView => {
    const declaredType = (a.type ?? 'application/octet-stream').toLowerCase();
    return {
      name: a.name ?? null,
      declaredType,
      detectedType: a.detectedType?.toLowerCase() ?? declaredType,
      size: a.size ?? Buffer.byteLength(a.text ?? '', 'utf8'),
      text: a.text ?? null,
      extraction: a.text === undefined ? 'no-text' : 'extracted',
    };
  });

  const recipients = example.envelope?.recipients ?? [...to, ...cc].map((entry) => entry.address);
  const estimatedSize = headers.reduce((sum, h) => sum + h.name.length + h.value.length + 4, 0)
    + Buffer.byteLength(body) + Buffer.byteLength(html) + attachments.reduce((sum, a) => sum + Math.ceil(a.size * 4 / 3), 0);
  return {
    headers,
    envelope: {
      sender: example.envelope?.sender === undefined ? from.address : example.envelope.sender?.toLowerCase() ?? null,
      recipients: recipients.map((r) => r.toLowerCase()),
    },
    addresses: [from, ...to, ...cc, ...headerAddresses],
    subject,
    text: body,
    html,
    urls: findUrls(body, html),
    attachments,
    size: example.size ?? estimatedSize,
    auth,
  };
}

/** Header fields holding addresses that `headers:` may add to the defaults. */
const ADDRESS_HEADERS = new Set<string>(['sender', 'reply-to', 'bcc', 'from', 'to', 'cc']);

/** Splits `a@x, "Doe, J" <j@y>` at commas outside quotes. */
function splitAddressList(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** `Name <addr>`, `"Name" <addr>` or a bare address. */
function parseAddress(text: string, field: AddressEntry['field']): AddressEntry {
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<([^<>]*)>\s*$/.exec(text);
  return match
    ? { field, name: (match[1] ?? '').trim(), address: (match[2] ?? '').trim().toLowerCase() }
    : { field, name: '', address: text.trim().toLowerCase() };
}
