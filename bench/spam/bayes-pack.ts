import { fileURLToPath } from 'node:url';

/**
 * The directory of the Bayes rule pack (`bayes.yaml`, a site-style pack that says `kind: spam`),
 * in the source tree (this file runs from dist/bench/spam/). The benchmarks load it beside the
 * shipped packs when they are given a Bayes model; see the pack's header for why it is not in
 * rules/spam yet.
 */
export const BAYES_PACK_DIR = fileURLToPath(new URL('../../../bench/spam/bayes-pack/', import.meta.url));
