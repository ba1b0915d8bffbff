/**
 * The blob store port: content-addressed, write-once storage of original message bytes.
 * The key is the SHA-256 hex of the bytes; `get` verifies it, so corruption is never served.
 */
export interface BlobStore {
  /** Durably store `bytes` under their SHA-256 (`id`). Storing an existing id is a no-op. */
  put(id: string, bytes: Buffer): Promise<void>;
  /** The exact original bytes; throws `BlobIntegrityError` if they fail authentication or hash. */
  get(id: string): Promise<Buffer>;
  /**
   * Removes the blob durably (the removal survives a crash once this resolves). A blob that is not
   * there is not an error: deletion is retried after a crash, and a repeat must succeed.
   */
  delete(id: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  override readonly name = 'BlobNotFoundError';
}

/** Stored bytes that no longer match their id or fail AES-GCM authentication. */
export class BlobIntegrityError extends Error {
  override readonly name = 'BlobIntegrityError';
}
