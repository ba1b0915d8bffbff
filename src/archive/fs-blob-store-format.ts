import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { BlobIntegrityError } from './blob-store.js';
import { open, seal } from './blob-crypto.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * On-disk layout of one blob, format 1:
 *
 *   0  4  magic "CBLB"
 *   4  1  format version (1)
 *   5  1  flags: bit 0 gzip, bit 1 AES-256-GCM; other bits must be 0
 *   6  8  original length, unsigned big-endian
 *  14  …  payload: the (compressed) bytes; when encrypted, nonce ‖ ciphertext ‖ tag
 *
 * Each blob says how it was written, so a change of `compression` or a new key setting never makes
 * old blobs unreadable. The original length bounds decompression (a tampered blob cannot become a
 * gzip bomb). When encrypted, the header and the id are the additional authenticated data, so
 * every byte of the file is covered by the GCM tag.
 */
const MAGIC = Buffer.from('CBLB', 'latin1');
const VERSION = 1;
const HEADER_BYTES = 14;
const FLAG_GZIP = 0b01;
const FLAG_ENCRYPTED = 0b10;

/**
 * gzip level 1. Measured on the SpamAssassin corpus (32 MB): on whole 4 MiB inputs level 1 runs at
 * 144 MB/s against 60 MB/s for the default level 6, storing 29 % against 25 % of the size; on
 * single small messages per-call overhead dominates and the two are within 10 %. Blob writes sit
 * on the ingest path and big attachments are where the time goes, so speed wins.
 */
const GZIP_LEVEL = 1;

export interface EncodeOptions {
  compression: 'gzip' | 'none';
  encryptionKey: Buffer | null;
}

/** The file contents for `bytes` stored under `id`. Compression is skipped when it would not shrink them. */
export async function encodeBlob(id: string, bytes: Buffer, options: EncodeOptions): Promise<Buffer> {
  let flags = 0;
  let payload = bytes;
  if (options.compression === 'gzip') {
    const compressed = await gzipAsync(bytes, { level: GZIP_LEVEL });
    if (compressed.length < bytes.length) {
      payload = compressed;
      flags |= FLAG_GZIP;
    }
  }
  if (options.encryptionKey) flags |= FLAG_ENCRYPTED;
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt8(VERSION, 4);
  header.writeUInt8(flags, 5);
  header.writeBigUInt64BE(BigInt(bytes.length), 6);
  if (options.encryptionKey) payload = seal(options.encryptionKey, payload, additionalData(header, id));
  return Buffer.concat([header, payload]);
}

/**
 * The original bytes from file contents. Throws `BlobIntegrityError` for anything that does not
 * decode to exactly the bytes whose SHA-256 is `id` — the caller does the hash check.
 */
export async function decodeBlob(id: string, stored: Buffer, encryptionKey: Buffer | null): Promise<Buffer> {
  if (stored.length < HEADER_BYTES || !stored.subarray(0, 4).equals(MAGIC)) throw new BlobIntegrityError(`blob ${id}: not a blob file (bad magic)`);
  const version = stored.readUInt8(4);
  const flags = stored.readUInt8(5);
  if (version !== VERSION || (flags & ~(FLAG_GZIP | FLAG_ENCRYPTED)) !== 0) {
    throw new BlobIntegrityError(`blob ${id}: unknown format version ${version} or flags ${flags}`);
  }
  const length = stored.readBigUInt64BE(6);
  if (length > BigInt(Number.MAX_SAFE_INTEGER)) throw new BlobIntegrityError(`blob ${id}: implausible length`);
  const header = stored.subarray(0, HEADER_BYTES);
  let payload = stored.subarray(HEADER_BYTES);
  if (flags & FLAG_ENCRYPTED) {
    if (!encryptionKey) throw new BlobIntegrityError(`blob ${id} is encrypted but no encryption key is configured`);
    try {
      payload = open(encryptionKey, payload, additionalData(header, id));
    } catch (error) {
      throw new BlobIntegrityError(`blob ${id}: authentication failed (corrupted, or encrypted with another key)`, { cause: error });
    }
  }
  if (flags & FLAG_GZIP) {
    try {
      payload = await gunzipAsync(payload, { maxOutputLength: Math.max(1, Number(length)) });
    } catch (error) {
      throw new BlobIntegrityError(`blob ${id}: gzip data is corrupted`, { cause: error });
    }
  }
  if (payload.length !== Number(length)) throw new BlobIntegrityError(`blob ${id}: length ${payload.length} differs from the recorded ${length}`);
  return payload;
}

function additionalData(header: Buffer, id: string): Buffer {
  return Buffer.concat([header, Buffer.from(id, 'latin1')]);
}
