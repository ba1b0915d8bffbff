/** One plain-text notice, ready to send. */
export interface Notice {
  /** Envelope sender and From header. */
  from: string;
  /** Envelope recipients and To header. */
  to: string[];
  subject: string;
  text: string;
  /**
   * Message-ID without angle brackets. Derived from the job, so a notice sent twice (a retry
   * after the relay took it but the reply was lost) is recognisably the same notice.
   */
  messageId: string;
  /** Extra header fields, e.g. `Auto-Submitted`. */
  headers: Record<string, string>;
}

/** Which recipients the relay took and which it turned away (the others being accepted). */
export interface NoticeDelivery {
  accepted: string[];
  rejected: string[];
}

/**
 * The port notices leave through. `send` resolves when the relay accepted the notice for at
 * least one recipient; it throws `NoticeRejectedError` when the relay refused it for good, and
 * any other error when the failure is transient (the relay down, a 4xx reply, a timeout).
 */
export interface NoticeTransport {
  send(notice: Notice): Promise<NoticeDelivery>;
  close(): Promise<void>;
}

/** The relay refused the notice permanently (a 5xx reply): sending it again cannot help. */
export class NoticeRejectedError extends Error {
  override readonly name = 'NoticeRejectedError';

  constructor(
    /** The relay's reply, e.g. `550 5.1.1 No such user`. */
    readonly reply: string,
    options?: ErrorOptions,
  ) {
    super(`the relay refused the notice: ${reply}`, options);
  }
}
