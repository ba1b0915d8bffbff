import type { SmtpEnvelope } from '../domain/envelope.js';

export interface SpooledMessage {
  id: string;
  envelope: SmtpEnvelope;
  /** Exactly the bytes received in DATA (after SMTP dot-unstuffing). */
  raw: Buffer;
}

/**
 * The spool port: where an accepted message waits, durably, until it is archived. `accept`
 * resolves only once the bytes, the envelope and the pipeline job are all durable; the SMTP sink
 * answers `250` after that and never before.
 */
export interface Spool {
  accept(raw: Buffer, envelope: SmtpEnvelope): Promise<string>;
  read(id: string): Promise<SpooledMessage | null>;
  /** Forget a message once it is archived. Removing an absent id is a no-op. */
  remove(id: string): Promise<void>;
  /** Start-up scan: queue a job for every spooled message that has none. Returns how many. */
  recover(): Promise<number>;
  /** Messages currently spooled (accepted, not yet archived). */
  size(): Promise<number>;
}
