import type { ExtractedFile } from '../../extract/extraction.js';
import type { ParsedContent, ParsedOriginal } from '../../pipeline/stages/parse/index.js';
import type { AttachmentView, AuthView, MessageView } from '../message-view.js';
import { findUrls } from './find-urls.js';

/** Authentication results when nothing is known: no trusted header, no verification. */
export const UNKNOWN_AUTH: AuthView = { spf: 'none', dkim: 'none', dmarc: 'none', arc: 'none', dkimVerified: 'none' };

/** Everything a view is made of, from the parse stage, the envelope, extraction and authentication. */
export interface ViewParts {
  fields: ParsedOriginal;
  content: ParsedContent;
  /** The true envelope (journal report or SMTP). */
  envelope: { sender: string | null; recipients: readonly string[] };
  /** Extracted files per attachment index; an attachment absent here had no bytes kept (too large). */
  extracted: ReadonlyMap<number, readonly ExtractedFile[]>;
  auth: AuthView;
  /** Size of the original in bytes. */
  size: number;
}

/** The message as the rules see it. */
export function buildMessageView(parts: ViewParts): MessageView {
  const { fields, content } = parts;
  return {
    headers: content.headers,
    envelope: {
      sender: parts.envelope.sender?.toLowerCase() ?? null,
      recipients: parts.envelope.recipients.map((address) => address.toLowerCase()),
    },
    addresses: fields.addresses,
    subject: fields.subject ?? '',
    text: fields.bodyText,
    html: content.html,
    urls: findUrls(fields.bodyText, content.html),
    attachments: fields.attachments.flatMap((summary, index) => attachmentViews(summary, parts.extracted.get(index))),
    size: parts.size,
    auth: parts.auth,
  };
}

function attachmentViews(summary: ParsedOriginal['attachments'][number], files: readonly ExtractedFile[] | undefined): AttachmentView[] {
  const declaredType = summary.contentType.split(';')[0]?.trim() ?? summary.contentType;
  if (files === undefined) {
    return [{ name: summary.filename, declaredType, detectedType: null, size: summary.size, text: summary.text, extraction: summary.text === null ? 'limit-exceeded' : 'extracted' }];
  }
  return files.map((file, position) => ({
    // The first file is the attachment itself; the rest are entries inside it (archives).
    name: position === 0 ? summary.filename : file.name,
    declaredType: position === 0 ? declaredType : '',
    detectedType: file.detectedType,
    size: file.size,
    text: file.text,
    extraction: file.status,
  }));
}
