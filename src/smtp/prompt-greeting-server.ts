import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SMTPServer } from 'smtp-server';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

type ConnectionOptions = ConstructorParameters<typeof SMTPConnection>[2];

/**
 * smtp-server holds every new connection 100 ms before its greeting to catch spam bots that talk
 * first ("early talkers"), and offers no option to turn that off. A journaling sink only hears
 * from mail servers it was configured for, and the pause caps a sender that opens a connection
 * per message (Postfix without connection caching, `smtp-source`) at 10 messages/s per session.
 * This connection greets at once; everything else is the library's own code path.
 *
 * It overrides `init` and `connect`, which are declared in smtp-server's published types but are
 * not a documented extension point: the dependency is pinned to 3.21.x and the sink's tests cover
 * the greeting, limits and the whole conversation.
 */
class PromptConnection extends SMTPConnection {
  override init(): void {
    this._setListeners(() => {
      const { maxClients } = this._server.options;
      if (maxClients && this._server.connections.size > maxClients) {
        return this.send(421, `${this.name} Too many connected clients, try again in a moment`, false);
      }
      this.connectionReady();
    });
  }
}

/** An SMTPServer whose connections greet without the early-talker pause. */
export class PromptGreetingServer extends SMTPServer {
  override connect(socket: Socket | TLSSocket, socketOptions?: ConnectionOptions | null): void {
    const connection = new PromptConnection(this, socket, socketOptions);
    this.connections.add(connection);
    connection.on('error', (error: Error) => this._onError(error));
    connection.on('connect', (data: Parameters<SMTPServer['_onClientConnect']>[0]) => this._onClientConnect(data));
    connection.init();
  }
}
