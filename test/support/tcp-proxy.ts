import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy a test can switch off and on, to take a service away from the code under test
 * without touching the service itself (other tests keep using it).
 */
export interface TcpProxy {
  /** The port it listens on (loopback), the same after every `up()`. */
  port: number;
  /** `http://127.0.0.1:<port>`, for HTTP services. */
  url: string;
  /** Whether it listens now. */
  readonly isUp: boolean;
  /**
   * Stops listening and destroys every open connection, both sides: connections in flight break
   * and new ones are refused (ECONNREFUSED), as when the service is down.
   */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** `down()`, for good. */
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port that pipes every connection to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  let server: Server | null = null;
  let port = 0;

  const listen = async () => {
    const listening = createServer((client) => {
      track(client);
      const upstream = connect(target);
      track(upstream);
      // Either side ending or failing ends the other: the client sees what it would see from the service.
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        listening.off('error', reject);
        resolve();
      });
    });
    port = (listening.address() as { port: number }).port;
    server = listening;
  };

  const down = async () => {
    const listening = server;
    server = null;
    if (listening === null) return;
    const closed = new Promise<void>((resolve) => listening.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  await listen();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get isUp() {
      return server !== null;
    },
    down,
    up: async () => {
      if (server === null) await listen();
    },
    close: down,
  };
}
