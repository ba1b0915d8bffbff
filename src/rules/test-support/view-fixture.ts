import type { MessageView } from '../message-view.js';

/**
 * A MessageView for unit tests: an empty, authentication-less message with the given fields,
 * so each test states only what its check looks at.
 */
export function viewFixture(partial: Partial<MessageView> = {}): MessageView {
  return {
    headers: [],
    envelope: { sender: null, recipients: [] },
    addresses: [],
    subject: '',
    text: '',
    html: '',
    urls: [],
    attachments: [],
    size: 0,
    auth: { spf: 'none', dkim: 'none', dmarc: 'none', arc: 'none', dkimVerified: 'none' },
    ...partial,
  };
}

/** Headers from `Name: value` lines, as a MessageView holds them (names lower-cased). */
export function headersOf(...lines: string[]): MessageView['headers'] {
  return lines.map((line) => {
    const colon = line.indexOf(':');
    return { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() };
  });
}
