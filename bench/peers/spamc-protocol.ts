import { connect } from 'node:net';

/** What spamd said about one message: its `Spam:` header. */
export interface SpamdAnswer {
  spam: boolean;
  score: number;
  threshold: number;
}

/**
 * One SPAMC/1.5 `CHECK` request (what `spamc -c` sends): the message goes to spamd on a fresh
 * connection and the answer's `Spam: True ; 6.2 / 5.0` header is parsed. Talking the protocol
 * directly keeps a process spawn per message out of SpamAssassin's measured rate.
 */
export async function spamcCheck(port: number, raw: Buffer): Promise<SpamdAnswer> {
  const answer = await exchange(port, Buffer.concat([Buffer.from(`CHECK SPAMC/1.5\r\nContent-length: ${raw.length}\r\n\r\n`), raw]));
  const status = /^SPAMD\/[\d.]+ (\d+) (\S+)/.exec(answer);
  if (!status || status[1] !== '0') throw new Error(`spamd refused the message: ${answer.split('\r\n')[0] ?? '(no answer)'}`);
  const header = /^Spam: (True|False|Yes|No) ; (-?[\d.]+) \/ (-?[\d.]+)/im.exec(answer);
  if (!header) throw new Error(`spamd's answer has no Spam header: ${JSON.stringify(answer.slice(0, 200))}`);
  return { spam: /^(true|yes)$/i.test(header[1] ?? ''), score: Number(header[2]), threshold: Number(header[3]) };
}

/** True when spamd answers a `PING` with `PONG`: its rules are loaded and its children accept work. */
export async function spamcPing(port: number): Promise<boolean> {
  try {
    return /PONG/.test(await exchange(port, Buffer.from('PING SPAMC/1.5\r\n\r\n')));
  } catch {
    return false;
  }
}

/** Sends a request and reads the whole answer: spamd closes the connection after each one. */
function exchange(port: number, request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.end(request);
  });
}
