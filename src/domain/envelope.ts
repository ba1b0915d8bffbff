/** What the SMTP conversation told us about one received message, kept with it as evidence. */
export interface SmtpEnvelope {
  /** MAIL FROM reverse-path; empty string for the null sender `<>`. */
  mailFrom: string;
  /** Every RCPT TO forward-path, in the order given. */
  rcptTo: string[];
  clientAddress: string;
  /** Reverse-DNS name smtp-server resolved for the client, or the address when none. */
  clientHostname: string;
  /** The name the client gave in HELO/EHLO. */
  helo: string;
  /** `SMTP`, `ESMTP`, `ESMTPS`, `ESMTPA`, `ESMTPSA` (RFC 3848 `with` keywords). */
  transmissionType: string;
  tls: { protocol: string; cipher: string } | null;
  /** The AUTH identity, when the client authenticated. */
  authUser: string | null;
  /** ISO-8601 time the final byte of DATA was received. */
  receivedAt: string;
}
