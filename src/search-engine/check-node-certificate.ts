import { connect } from 'node:tls';
import { SearchEngineRequestError } from './search-engine.js';

/**
 * OpenSSL's verification failures: the node answered, but with a certificate this process will
 * not trust. Retrying cannot fix them; the CA file (or the node's certificate) must change.
 */
const CERTIFICATE_REFUSALS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * A TLS handshake with an `https://` node, with the CA the clients will use. The clients report
 * a refused certificate only as a message in a generic connection error, which would read as an
 * outage and keep start-up waiting for ever; this check tells it apart by its error code and
 * fails with a {@link SearchEngineRequestError} naming the setting. Any other failure (refused,
 * timed out) is left to the clients, which classify it as an outage. Plain `http://` nodes pass.
 */
export async function checkNodeCertificate(node: string, ca: string | undefined, timeoutMs: number): Promise<void> {
  const url = new URL(node);
  if (url.protocol !== 'https:') return;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const refusal = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    const socket = connect({ host, port: Number(url.port || 443), servername: host, ...(ca === undefined ? {} : { ca }) });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('secureConnect', () => {
      socket.end();
      resolve(null);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(CERTIFICATE_REFUSALS.has(error.code ?? '') ? error : null));
  });
  if (refusal !== null) {
    const fix = ca === undefined ? 'set cluster.search.caFile to the CA that signs it' : 'check that cluster.search.caFile holds the CA that signs it';
    throw new SearchEngineRequestError(`search engine node ${node} presented a certificate this process does not trust (${refusal.code}: ${refusal.message}); ${fix}`, 0, 'tls_certificate', { cause: refusal });
  }
}
