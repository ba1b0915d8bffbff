import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SizeLimitedProxyOptions {
  /**
   * Answer 413 with an empty body, as OpenSearch and Elasticsearch answer a request over their
   * `http.max_content_length`, to any request on a limited path whose body is longer than this.
   * `Infinity`: forward everything (to watch the requests only).
   */
  maxBodyBytes: number;
  /** The paths the limit applies to. Default `_bulk` only, so index creation and reads pass whatever their size. */
  limitedPaths?: RegExp;
}

/** One request the proxy received. */
export interface ProxiedRequest {
  method: string;
  path: string;
  /** Body length in bytes. */
  bytes: number;
  /** Body lines (NDJSON: two per index operation). */
  lines: number;
  /** What the client was answered: 413 when the proxy refused it, else the engine's status. */
  status: number;
}

export interface SizeLimitedProxy {
  url: string;
  /** Every request so far, in the order they arrived. */
  readonly requests: readonly ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * Test-only: a plain HTTP proxy in front of the test node that stands in for a cluster with a
 * smaller `http.max_content_length` (a static node setting the shared test node keeps at 100 MB),
 * and records the size of every request, so tests can check how requests are cut up.
 */
export async function startSizeLimitedProxy(target: string, options: SizeLimitedProxyOptions): Promise<SizeLimitedProxy> {
  const upstream = new URL(target);
  const limitedPaths = options.limitedPaths ?? /^\/_bulk(\?|$)/;
  const requests: ProxiedRequest[] = [];

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const record: ProxiedRequest = { method: req.method ?? 'GET', path, bytes: body.length, lines: countLines(body), status: 0 };
      requests.push(record);
      if (body.length > options.maxBodyBytes && limitedPaths.test(path)) {
        record.status = 413;
        res.writeHead(413, { 'content-length': '0' });
        res.end();
        return;
      }
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers }, (answer) => {
        record.status = answer.statusCode ?? 502;
        res.writeHead(record.status, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', (error) => {
        record.status = 502;
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'proxy_error', reason: error.message } }));
      });
      forward.end(body);
    });
  };

  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function countLines(body: Buffer): number {
  let lines = 0;
  for (const byte of body) if (byte === 0x0a) lines++;
  return lines;
}
