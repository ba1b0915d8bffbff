import { Client, errors } from '@opensearch-project/opensearch';
import {
  clientRequest, faultOf, toEngineError,
  type ClientErrorClasses, type EngineConnection, type EngineRequest, type EngineResponse, type EngineTransport,
} from './engine-transport.js';

const OPENSEARCH_ERRORS: ClientErrorClasses = {
  ResponseError: errors.ResponseError,
  unreachable: [errors.ConnectionError, errors.TimeoutError, errors.NoLivingConnectionsError, errors.RequestAbortedError],
};

/**
 * Requests through `@opensearch-project/opensearch` (OpenSearch 2.x and 3.x). The engine on top of
 * it is {@link ClientSearchEngine}; `connectSearchEngine` picks this transport for OpenSearch.
 */
export class OpenSearchTransport implements EngineTransport {
  readonly client = 'opensearch' as const;
  readonly #client: Client;

  constructor(connection: EngineConnection) {
    const { auth } = connection;
    this.#client = new Client({
      nodes: connection.nodes,
      requestTimeout: connection.requestTimeoutMs,
      ...(auth !== undefined && 'username' in auth ? { auth: { username: auth.username, password: auth.password } } : {}),
      // This client has no API-key option; the header is what the Elasticsearch client sends for one.
      ...(auth !== undefined && 'apiKey' in auth ? { headers: { authorization: `ApiKey ${auth.apiKey}` } } : {}),
      ...(connection.ca !== undefined ? { ssl: { ca: connection.ca } } : {}),
    });
  }

  async request<T>(request: EngineRequest): Promise<EngineResponse<T>> {
    const { params, options } = clientRequest(request);
    try {
      const response = await this.#client.transport.request(params, options);
      return { status: response.statusCode ?? 0, body: response.body as T };
    } catch (error) {
      throw toEngineError(faultOf(error, OPENSEARCH_ERRORS), request, error);
    }
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}
