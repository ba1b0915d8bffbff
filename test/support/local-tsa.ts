import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp-dir.js';

const run = promisify(execFile);

/** A real RFC 3161 TSA on 127.0.0.1: `openssl ts -reply` behind a tiny HTTP server. */
export interface LocalTsa {
  /** `http://127.0.0.1:<port>/` — POST `application/timestamp-query`. */
  url: string;
  /** Path of the PEM CA that issued the TSA certificate. */
  caFile: string;
  caPem: string;
  /** Requests answered so far. */
  readonly requests: number;
  /** Stops answering (connections are refused) until `start` again: a TSA outage. */
  stop(): Promise<void>;
  /** Starts answering again, on the same port. */
  start(): Promise<void>;
  /** Stops the server and removes the temp directory. */
  close(): Promise<void>;
}

/**
 * Makes a throwaway CA and a TSA certificate (EC P-256, `extendedKeyUsage = critical, timeStamping`)
 * with `openssl`, writes an `openssl ts` configuration, and serves each request body through
 * `openssl ts -reply`, answering `application/timestamp-reply`. Replies are made one at a time,
 * since openssl's serial file is not safe to share between concurrent replies.
 */
export async function startLocalTsa(): Promise<LocalTsa> {
  const dir = tempDir('tsa');
  const at = (name: string): string => join(dir.path, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '2', '-subj', '/CN=Custodian Test TSA CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await run('openssl', ['req', '-new', ...ec, '-keyout', at('tsa.key'), '-out', at('tsa.csr'), '-subj', '/CN=Custodian Test TSA']);
  await writeFile(at('tsa.ext'), 'basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = critical, timeStamping\n');
  await run('openssl', ['x509', '-req', '-in', at('tsa.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial',
    '-out', at('tsa.pem'), '-days', '2', '-extfile', at('tsa.ext')]);
  await writeFile(at('serial'), '01\n');
  await writeFile(at('tsa.cnf'), [
    '[ tsa ]', 'default_tsa = local_tsa', '', '[ local_tsa ]',
    `serial = ${at('serial')}`, `signer_cert = ${at('tsa.pem')}`, `signer_key = ${at('tsa.key')}`, `certs = ${at('ca.pem')}`,
    'signer_digest = sha256', 'default_policy = 1.3.6.1.4.1.55555.1', 'digests = sha256, sha384, sha512',
    'accuracy = secs:1', 'ordering = no', 'tsa_name = yes', 'ess_cert_id_chain = no', 'ess_cert_id_alg = sha256', '',
  ].join('\n'));

  let requests = 0;
  let replies: Promise<unknown> = Promise.resolve();
  const reply = async (body: Buffer): Promise<Buffer> => {
    const n = ++requests;
    await writeFile(at(`q${n}.tsq`), body);
    await run('openssl', ['ts', '-reply', '-config', at('tsa.cnf'), '-queryfile', at(`q${n}.tsq`), '-out', at(`r${n}.tsr`)]);
    return readFile(at(`r${n}.tsr`));
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = replies.then(() => reply(Buffer.concat(chunks)));
      replies = answer.catch(() => undefined);
      answer.then(
        (der) => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(der),
        (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      );
    });
  });
  const listen = (port: number): Promise<void> => new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const stop = (): Promise<void> => new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    caFile: at('ca.pem'),
    caPem: await readFile(at('ca.pem'), 'utf8'),
    get requests() {
      return requests;
    },
    stop,
    start: () => listen(port),
    async close() {
      if (server.listening) await stop();
      dir.remove();
    },
  };
}
