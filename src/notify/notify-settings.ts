/**
 * The `notify` section of the config, as the handler and transport read it. Optional as a whole:
 * without it, `notify` actions are recorded on verdicts and no notice is sent.
 */
export interface NotifySettings {
  relay: RelaySettings;
  /** The notices' From address (and envelope sender). */
  from: string;
  /** Recipients of a notice when the rule's `notify` action names none. */
  to: string[];
}

/** The SMTP relay notices go through. */
export interface RelaySettings {
  host: string;
  /** Default 25. */
  port: number;
  /**
   * TLS from the first byte (SMTPS, usually port 465). Default false: plain SMTP upgraded with
   * STARTTLS when the relay offers it.
   */
  secure: boolean;
  /** Refuse to send unless STARTTLS succeeds (when `secure` is false). Default false. */
  requireTls: boolean;
  /** PEM file of the CA(s) the relay's certificate is verified against, instead of the system's. */
  caFile?: string;
  /** SMTP AUTH credentials; the password is read from a file so it never sits in the config. */
  auth?: { user: string; passwordFile: string };
}
