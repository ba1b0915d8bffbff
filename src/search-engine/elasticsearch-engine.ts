import { Client, errors } from '@elastic/elasticsearch';
import {
  clientRequest, faultOf, toEngineError,
  type ClientErrorClasses, type EngineConnection, type EngineRequest, type EngineResponse, type EngineTransport,
} from './engine-transport.js';

const ELASTICSEARCH_ERRORS: ClientErrorClasses = {
  ResponseError: errors.ResponseError,
  unreachable: [errors.ConnectionError, errors.TimeoutError, errors.NoLivingConnectionsError, errors.RequestAbortedError],
};

/**
 * Requests through `@elastic/elasticsearch` 8 (Elasticsearch 8.x and 9.x). The engine on top of it
 * is {@link ClientSearchEngine}. This client sends versioned media types and checks the
 * `x-elastic-product` response header, so it talks to Elasticsearch only (the tests reach
 * OpenSearch through a compatibility proxy).
 */
export class ElasticsearchTransport implements EngineTransport {
  readonly client = 'elasticsearch' as const;
  readonly #client: Client;

  constructor(connection: EngineConnection) {
    this.#client = new Client({
      nodes: connection.nodes,
      requestTimeout: connection.requestTimeoutMs,
      ...(connection.auth !== undefined ? { auth: connection.auth } : {}),
      ...(connection.ca !== undefined ? { tls: { ca: connection.ca } } : {}),
    });
  }

  async request<T>(request: EngineRequest): Promise<EngineResponse<T>> {
    const { params, options } = clientRequest(request);
    try {
      const response = await this.#client.transport.request<T>(params, { ...options, meta: true });
      return { status: response.statusCode ?? 0, body: response.body };
    } catch (error) {
      throw toEngineError(faultOf(error, ELASTICSEARCH_ERRORS), request, error);
    }
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}
