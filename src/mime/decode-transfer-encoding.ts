import { MimeNode } from '@zone-eu/mailsplit';

/**
 * Decodes a body by its Content-Transfer-Encoding. The decoding is delegated to mailsplit's own
 * decoders (libbase64, libqp), the same ones the splitter's consumers use, so a body decodes here
 * exactly as it would elsewhere in the pipeline. Identity encodings (absent, 7bit, 8bit, binary)
 * return the input unchanged.
 *
 * @throws {UnknownTransferEncodingError} for encodings other than those and base64 / quoted-printable.
 */
export async function decodeTransferEncoding(body: Buffer, encoding: string | null): Promise<Buffer> {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === '' || name === '7bit' || name === '8bit' || name === 'binary') {
    return body;
  }
  if (name !== 'base64' && name !== 'quoted-printable') {
    throw new UnknownTransferEncodingError(name);
  }
  const node = new MimeNode(false);
  node.addHeaderChunk(Buffer.from(`Content-Transfer-Encoding: ${name}\r\n\r\n`, 'latin1'));
  const decoder = node.getDecoder();
  const chunks: Buffer[] = [];
  decoder.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise<void>((resolve, reject) => {
    decoder.once('end', resolve);
    decoder.once('error', reject);
    decoder.end(body);
  });
  return Buffer.concat(chunks);
}

/** A Content-Transfer-Encoding no decoder exists for (e.g. `x-uuencode`). */
export class UnknownTransferEncodingError extends Error {
  override readonly name = 'UnknownTransferEncodingError';
  readonly code = 'MIME_UNKNOWN_TRANSFER_ENCODING';

  constructor(readonly encoding: string) {
    super(`unknown Content-Transfer-Encoding "${encoding}"`);
  }
}
