import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

export interface ApiServerOptions {
  /** Interface to bind. The config default is 127.0.0.1: expose it through a TLS proxy. */
  host: string;
  /** Port to bind; 0 picks a free one (tests). */
  port: number;
}

export interface RunningApiServer {
  /** Base URL actually bound, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Stops accepting, closes idle keep-alive connections and resolves when in-flight requests end. */
  close(): Promise<void>;
}

/**
 * Listens with an app (from `createApiApp`) and resolves once bound, so callers and tests
 * wait on the real event, not a delay. A bind failure (port in use) rejects.
 */
export function startApiServer(app: RequestListener, options: ApiServerOptions): Promise<RunningApiServer> {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}
