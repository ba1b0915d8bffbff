import type { PeerName } from '../peers/peer.js';

/** `custodian+bayes` is Custodian with the optional Bayes classifier on (bench:rules `--bayes-model`). */
export type ContenderName = 'custodian' | 'custodian+bayes' | PeerName;

/** A spam classifier under test: Custodian or a peer, started and ready. */
export interface Contender {
  name: ContenderName;
  /** Messages in flight at once: enough to keep its own workers busy. */
  concurrency: number;
  /** How it was configured, one line for the results. */
  setup: string;
  check(raw: Buffer): Promise<{ spam: boolean }>;
  stop(): Promise<void>;
}
