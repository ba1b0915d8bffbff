import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/**
 * A scripted SMTP conversation over a real socket, for asserting exact reply codes. Each
 * `command` resolves with the complete (possibly multi-line) reply.
 */
export class SmtpDialog {
  private buffer = '';
  private waiting: ((reply: string) => void) | null = null;
  private replies: string[] = [];

  private constructor(private socket: Socket) {
    this.attach(socket);
  }

  static async open(port: number, host = '127.0.0.1'): Promise<{ dialog: SmtpDialog; greeting: string }> {
    const socket = connect(port, host);
    const dialog = new SmtpDialog(socket);
    return { dialog, greeting: await dialog.next() };
  }

  private attach(socket: Socket): void {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\r\n'); end >= 0; end = this.buffer.indexOf('\r\n')) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.pending.push(line);
        if (/^\d{3} /.test(line)) {
          this.replies.push(this.pending.join('\n'));
          this.pending = [];
          this.deliver();
        }
      }
    });
    socket.on('close', () => {
      if (this.pending.length > 0) this.replies.push(this.pending.join('\n'));
      this.pending = [];
      this.closed = true;
      this.deliver();
    });
    socket.on('error', () => undefined);
  }

  private pending: string[] = [];
  private closed = false;

  /** Hands the next reply to the waiting command; once the socket is closed, every wait ends. */
  private deliver(): void {
    if (!this.waiting) return;
    if (this.replies.length === 0 && !this.closed) return;
    const resolve = this.waiting;
    this.waiting = null;
    resolve(this.replies.shift() ?? '(closed)');
  }

  next(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.deliver();
    });
  }

  command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.next();
  }

  /** Sends DATA, the dot-stuffed message and the terminating dot; resolves with the final reply. */
  async data(message: string): Promise<string> {
    const intermediate = await this.command('DATA');
    if (!intermediate.startsWith('354')) return intermediate;
    const stuffed = message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    this.socket.write(`${stuffed}${stuffed.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
    return this.next();
  }

  /** Upgrades the connection after a `220` to STARTTLS (test certificates are self-signed). */
  async startTls(ca: Buffer): Promise<void> {
    const upgraded = tlsConnect({ socket: this.socket, ca, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      upgraded.once('secureConnect', resolve);
      upgraded.once('error', reject);
    });
    this.socket.removeAllListeners('data');
    this.socket = upgraded;
    this.attach(upgraded);
  }

  close(): void {
    this.socket.end();
  }
}
