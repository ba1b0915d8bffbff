import { z } from 'zod';

/** The Redis every role of the cluster profile shares (BullMQ queues). */
export const redisSchema = z.strictObject({
  /** `redis://[user@]host:port[/db]` or `rediss://…` for TLS. Default redis://127.0.0.1:6379. */
  url: z.url({ protocol: /^rediss?$/ })
    .refine((url) => new URL(url).password === '', 'must not hold a password: put it in passwordFile')
    .default('redis://127.0.0.1:6379'),
  /** File holding the Redis password (never the password itself in the config). Absent: no AUTH. */
  passwordFile: z.string().min(1).optional(),
  /** CA bundle (PEM) that signs the Redis server's certificate, for `rediss://`. Default: the system CAs. */
  caFile: z.string().min(1).optional(),
  /** Prefix of every Redis key, so deployments can share one Redis. Default `custodian`. */
  prefix: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only').default('custodian'),
});

/** The Elasticsearch or OpenSearch cluster holding the archive index and the metadata. */
export const searchEngineSchema = z.strictObject({
  /** Node URLs, e.g. [https://es1:9200, https://es2:9200]; requests are spread over them. Default [http://127.0.0.1:9200]. */
  nodes: z.array(
    z.url({ protocol: /^https?$/ }).refine((url) => new URL(url).username === '' && new URL(url).password === '', 'must not hold credentials: use username and passwordFile, or apiKeyFile'),
  ).min(1).default(['http://127.0.0.1:9200']),
  /**
   * Which client library to use: `elasticsearch` (@elastic/elasticsearch 8, for Elasticsearch 8.x
   * and 9.x), `opensearch` (@opensearch-project/opensearch, for OpenSearch 2.x and 3.x), or `auto`:
   * the one matching the engine the cluster's root response names. Default auto.
   */
  client: z.enum(['auto', 'elasticsearch', 'opensearch']).default('auto'),
  /** Basic-auth user; needs `passwordFile`. Absent: no basic auth. */
  username: z.string().min(1).optional(),
  /** File holding the basic-auth password. */
  passwordFile: z.string().min(1).optional(),
  /** File holding an Elasticsearch API key (the base64 `encoded` form). Replaces basic auth. */
  apiKeyFile: z.string().min(1).optional(),
  /** CA bundle (PEM) that signs the nodes' certificates. Default: the system CAs. */
  caFile: z.string().min(1).optional(),
  /** Prefix of every index and alias Custodian creates. Default `custodian`. */
  indexPrefix: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _ only').default('custodian'),
  /** Timeout of one request in ms. Default 30000. */
  requestTimeoutMs: z.number().int().positive().default(30_000),
}).superRefine((search, ctx) => {
  if (search.username !== undefined && search.passwordFile === undefined) {
    ctx.addIssue({ code: 'custom', path: ['passwordFile'], message: 'username needs passwordFile (a file holding the password)' });
  }
  if (search.apiKeyFile !== undefined && search.username !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['apiKeyFile'], message: 'use either apiKeyFile or username/passwordFile, not both' });
  }
});

/**
 * The cluster profile's shared services. `dataDir` must then be a filesystem every role reaches
 * (NFS or similar): the blob store and the spool live there.
 */
export const clusterSchema = z.strictObject({
  redis: redisSchema.prefault({}),
  search: searchEngineSchema.prefault({}),
  /**
   * How long a worker's lock on a running job lasts, in ms (renewed at half that while the job
   * runs). A worker that dies (SIGKILL, power cut) loses its lock; its job counts as stalled and
   * is re-run by another worker within about twice this. Default 30000.
   */
  jobLockMs: z.number().int().min(1_000).default(30_000),
});

export type RedisSettings = z.infer<typeof redisSchema>;
export type SearchEngineSettings = z.infer<typeof searchEngineSchema>;
export type ClusterSettings = z.infer<typeof clusterSchema>;
