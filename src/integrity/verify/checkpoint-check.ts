import type { CheckpointReader } from '../sqlite/checkpoint-reader.js';
import { verifyCheckpoint } from '../verify-checkpoint.js';
import type { VerificationCheck } from './verification-check.js';

export interface CheckpointSources {
  checkpoints: Pick<CheckpointReader, 'list'>;
  /** The appliance's public key (SPKI PEM): a checkpoint signed by any other key is a `bad-signature`. Absent: each checkpoint's own key. */
  trustedPublicKey?: string | undefined;
  /** PEM CA of the configured TSA (config `integrity.tsa.caFile`): time-stamp signers must chain to it. */
  tsaCaPem?: string | undefined;
}

/**
 * Every signed checkpoint (`verifyCheckpoint`, src/integrity): its Ed25519 signature, that it is
 * the appliance's key, and its RFC 3161 time-stamp when it has one. A checkpoint still waiting
 * for its time-stamp (TSA unreachable) is not a finding: the checkpoint job retries it.
 * Checkpoints are hourly, so their list (thousands) is read whole.
 */
export function createCheckpointCheck(sources: CheckpointSources): VerificationCheck {
  return {
    name: 'checkpoints',
    description: 'every checkpoint is signed by the appliance key and its time-stamp verifies',
    readsBlobs: false,
    total: () => null,

    async run(_context, reporter) {
      let checked = 0;
      for (const checkpoint of sources.checkpoints.list()) {
        if (reporter.signal.aborted) return;
        // Without a token, a CA would turn "not stamped (yet)" into a failure; pending stamps are not faults.
        const tsaCaPem = checkpoint.tsaToken === null ? undefined : sources.tsaCaPem;
        const { checks } = await verifyCheckpoint(checkpoint, { trustedPublicKey: sources.trustedPublicKey, tsaCaPem });
        for (const check of checks) {
          if (check.ok) continue;
          reporter.finding({ kind: check.name === 'timestamp' ? 'bad-timestamp' : 'bad-signature', seq: checkpoint.treeSize, detail: check.detail });
        }
        await reporter.progress(++checked);
      }
    },
  };
}
