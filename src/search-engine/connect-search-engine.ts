import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { SearchEngineSettings } from '../config/cluster-schema.js';
import { checkNodeCertificate } from './check-node-certificate.js';
import { ClientSearchEngine } from './client-search-engine.js';
import { ElasticsearchTransport } from './elasticsearch-engine.js';
import type { EngineConnection, EngineTransport } from './engine-transport.js';
import { OpenSearchTransport } from './opensearch-engine.js';
import { SearchEngineRequestError, SearchEngineUnavailableError, type EngineKind, type SearchEngine } from './search-engine.js';

/** The parts of the cluster's root response (`GET /`) that identify the engine. */
interface RootResponse {
  cluster_name?: string;
  version?: { number?: string; distribution?: string };
}

/**
 * Connects to the cluster in `settings`: reads the secret files, asks the root endpoint which
 * engine and version answer, and returns a {@link SearchEngine} on the matching client library
 * (`client: auto`) or the configured one. Logs the engine once at info.
 *
 * Rejects with {@link SearchEngineUnavailableError} naming the nodes when the root request gets no
 * usable answer (retry later), with a plain `Error` naming the setting and file when a secret file
 * cannot be read, and with {@link SearchEngineRequestError} when the cluster refuses the request
 * (401/403: wrong credentials) or a node's certificate is not trusted: retrying will not fix either.
 */
export async function connectSearchEngine(settings: SearchEngineSettings, options: { logger: Logger }): Promise<SearchEngine> {
  const connection = await engineConnection(settings);
  for (const node of settings.nodes) await checkNodeCertificate(node, connection.ca, settings.requestTimeoutMs);
  // `auto` asks with the OpenSearch client: it takes plain JSON from either engine, whereas the
  // Elasticsearch client refuses a server that is not Elasticsearch.
  let transport = createTransport(settings.client === 'elasticsearch' ? 'elasticsearch' : 'opensearch', connection);
  let root: RootResponse;
  try {
    // One try per node: a node that does not answer now is the caller's to retry (start-up waits).
    root = (await transport.request<RootResponse>({ method: 'GET', path: '/', maxRetries: settings.nodes.length - 1 })).body;
  } catch (error) {
    await transport.close();
    throw rootError(error, settings.nodes);
  }
  const kind: EngineKind = root.version?.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch';
  const client: EngineKind = settings.client === 'auto' ? kind : settings.client;
  if (client !== transport.client) {
    await transport.close();
    transport = createTransport(client, connection);
  }
  const info = { kind, version: root.version?.number ?? 'unknown', clusterName: root.cluster_name ?? 'unknown', client };
  options.logger.info({ engine: info.kind, version: info.version, cluster: info.clusterName, client }, 'search engine connected');
  return new ClientSearchEngine(transport, info, options.logger);
}

function createTransport(client: EngineKind, connection: EngineConnection): EngineTransport {
  return client === 'opensearch' ? new OpenSearchTransport(connection) : new ElasticsearchTransport(connection);
}

async function engineConnection(settings: SearchEngineSettings): Promise<EngineConnection> {
  const connection: EngineConnection = { nodes: settings.nodes, requestTimeoutMs: settings.requestTimeoutMs };
  if (settings.apiKeyFile !== undefined) {
    connection.auth = { apiKey: await readSecret('cluster.search.apiKeyFile', settings.apiKeyFile) };
  } else if (settings.username !== undefined && settings.passwordFile !== undefined) {
    connection.auth = { username: settings.username, password: await readSecret('cluster.search.passwordFile', settings.passwordFile) };
  }
  if (settings.caFile !== undefined) connection.ca = await readSecret('cluster.search.caFile', settings.caFile);
  return connection;
}

/** A secret file's content without its trailing newline; an unreadable or empty file names the setting. */
async function readSecret(setting: string, file: string): Promise<string> {
  let content: string;
  try {
    content = (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    throw new Error(`${setting}: cannot read ${file} (${(error as Error).message}); fix the path or the file's permissions`, { cause: error });
  }
  if (content.trim() === '') throw new Error(`${setting}: ${file} is empty`);
  return content;
}

function rootError(error: unknown, nodes: readonly string[]): Error {
  const where = nodes.join(', ');
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof SearchEngineRequestError) {
    return new SearchEngineRequestError(`search engine at ${where} refused the root request: ${reason}`, error.status, error.type, { cause: error });
  }
  if (error instanceof SearchEngineUnavailableError) {
    return new SearchEngineUnavailableError(`search engine not reachable at ${where}: ${reason}`, { cause: error });
  }
  return new Error(`search engine at ${where}: ${reason}`, { cause: error });
}
