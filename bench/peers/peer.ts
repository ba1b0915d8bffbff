/** The spam filters bench:rules compares Custodian with, run offline on this machine. */
export type PeerName = 'rspamd' | 'spamassassin';

/** What a peer made of one message. */
export interface PeerVerdict {
  spam: boolean;
  /** The peer's score for the message. */
  score: number;
  /** rspamd's action (`no action`, `add header`, …) or SpamAssassin's `score / threshold`. */
  detail: string;
}

/** A started peer, ready to classify messages until it is stopped. */
export interface RunningPeer {
  name: PeerName;
  /** Requests in flight at once that keep the peer's own workers busy without queueing in it. */
  concurrency: number;
  /** How the peer was configured, one line for the results table. */
  setup: string;
  check(raw: Buffer): Promise<PeerVerdict>;
  stop(): Promise<void>;
}

/** The peer is not installed here: the benchmark prints this and goes on without it. */
export class PeerMissing extends Error {
  override readonly name = 'PeerMissing';
}
