import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer, verifyTimestampToken } from './verify-timestamp-token.js';

/** Where and how to ask for time-stamps (config `integrity.tsa`, with the CA file read). */
export interface TsaClientOptions {
  url: string;
  /** PEM certificate(s) the TSA's signer must chain to. */
  caPem: string;
  timeoutMs: number;
}

/** A time-stamp that could not be obtained or was not acceptable; the checkpoint stays pending. */
export class TimestampError extends Error {
  override readonly name = 'TimestampError';
}

const SHA256_OID = '2.16.840.1.101.3.4.2.1';

/**
 * Asks an RFC 3161 TSA to time-stamp `bytes`: a TimeStampReq with the SHA-256 message imprint,
 * a random 64-bit nonce and certReq, POSTed as `application/timestamp-query`. The reply must be
 * granted, and its token must carry our imprint and nonce and verify against `caPem`. Resolves
 * to the token (DER ContentInfo) and its genTime; rejects with `TimestampError` otherwise.
 */
export async function requestTimestamp(bytes: Uint8Array, options: TsaClientOptions): Promise<{ token: Buffer; genTime: string }> {
  const nonceBytes = randomBytes(8);
  // Positive and minimally encoded: top bit clear, leading byte non-zero.
  nonceBytes[0] = ((nonceBytes[0] as number) & 0x7f) | 0x40;
  const nonce = BigInt(`0x${nonceBytes.toString('hex')}`);
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(createHash('sha256').update(bytes).digest()) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonceBytes) }),
    certReq: true,
  });

  let reply: Buffer;
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: Buffer.from(request.toSchema().toBER(false)),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) throw new TimestampError(`the TSA answered HTTP ${response.status}`);
    reply = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    throw new TimestampError(`the TSA at ${options.url} could not be reached: ${(error as Error).message}`, { cause: error });
  }

  let token: Buffer;
  try {
    const parsed = pkijs.TimeStampResp.fromBER(reply);
    const status = parsed.status.status;
    if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
      throw new TimestampError(`the TSA refused the request (PKIStatus ${status})`);
    }
    if (parsed.timeStampToken === undefined) throw new TimestampError('the TSA granted but sent no token');
    token = Buffer.from(parsed.timeStampToken.toSchema().toBER(false));
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    throw new TimestampError(`the TSA's reply does not parse: ${(error as Error).message}`, { cause: error });
  }
  const verification = await verifyTimestampToken(token, bytes, { caPem: options.caPem, nonce });
  if (!verification.ok || verification.genTime === null) throw new TimestampError(`the TSA's token is not acceptable: ${verification.detail}`);
  return { token, genTime: verification.genTime };
}
