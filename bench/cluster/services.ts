/**
 * The services the cluster benchmarks run against: the OpenSearch node of the cluster-profile
 * tests (`scripts/opensearch/run.sh start`) and the local Redis. Loopback only: a benchmark
 * floods what it talks to, so it refuses any other host.
 */
export const OPENSEARCH_URL = loopbackUrl(process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9250', 'OPENSEARCH_URL');
export const REDIS_URL = loopbackUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'REDIS_URL');

/** ioredis/BullMQ connection options of {@link REDIS_URL}. */
export const REDIS_CONNECTION = { host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) };

function loopbackUrl(url: string, name: string): string {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`${name}=${url}: the cluster benchmarks run against 127.0.0.1 only`);
  }
  return url.replace(/\/$/, '');
}

/**
 * A name no other run uses, for a Redis key prefix, an index prefix (lower case, as index names
 * must be) or both: `<base>-<pid>-<time>`.
 */
export function runName(base: string): string {
  return `${base}-${process.pid}-${Date.now().toString(36)}`.toLowerCase();
}
