/**
 * The roles of the cluster profile, each runnable as its own process (`custodian smtp`, …) or all
 * in one (`custodian start`). Any number of `smtp` and `worker` processes may run on any number of
 * hosts; they share Redis, the search cluster and the data directory (a shared filesystem).
 * - `smtp`: the journaling sink: spools each message on the shared filesystem, enqueues it, answers 250.
 * - `worker`: the pipeline: unjournal, parse, classify, store the blob, index, notices.
 * - `api`: the HTTP API (search, messages, incidents, audit trail, queue, tokens).
 * - `scheduler`: periodic work: the spool sweep that hands Redis again any message it lost.
 */
export const CLUSTER_ROLES = ['smtp', 'worker', 'api', 'scheduler'] as const;

export type ClusterRole = (typeof CLUSTER_ROLES)[number];
