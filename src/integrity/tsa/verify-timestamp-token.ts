import { createHash, X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const TIME_STAMPING_EKU = '1.3.6.1.5.5.7.3.8';
const EXT_KEY_USAGE_OID = '2.5.29.37';

/** What checking an RFC 3161 time-stamp token found. */
export interface TimestampVerification {
  ok: boolean;
  /** The TSA's time (TSTInfo genTime), ISO-8601; null when the token could not be read. */
  genTime: string | null;
  /** Why it failed, or what was established ("signed by CN=…, chains to the given CA"). */
  detail: string;
}

export interface VerifyTimestampOptions {
  /** PEM certificate(s) the TSA's signer must chain to. Absent: the CMS signature is checked against the certificate in the token only. */
  caPem?: string;
  /** The nonce sent in the request (checked when given, i.e. right after requesting). */
  nonce?: bigint;
}

/**
 * Verifies a DER TimeStampToken (a CMS ContentInfo of SignedData over a TSTInfo) for `stampedBytes`:
 * the message imprint is SHA-256 of those bytes, the CMS signature verifies, the signer certificate
 * has the critical `timeStamping` extended key usage and, given `caPem`, chains to it (at genTime).
 */
export async function verifyTimestampToken(tokenDer: Uint8Array, stampedBytes: Uint8Array, options: VerifyTimestampOptions = {}): Promise<TimestampVerification> {
  let signedData: pkijs.SignedData;
  let tstInfo: pkijs.TSTInfo;
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(tokenDer);
    if (contentInfo.contentType !== pkijs.ContentInfo.SIGNED_DATA) return fail(null, 'the token is not CMS SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
    const eContent = signedData.encapContentInfo.eContent;
    if (signedData.encapContentInfo.eContentType !== pkijs.id_eContentType_TSTInfo || eContent === undefined) return fail(null, 'the token carries no TSTInfo');
    tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
  } catch (error) {
    return fail(null, `the token does not parse: ${(error as Error).message}`);
  }
  const genTime = tstInfo.genTime.toISOString();
  if (tstInfo.messageImprint.hashAlgorithm.algorithmId !== SHA256_OID) return fail(genTime, 'the message imprint is not SHA-256');
  const expected = createHash('sha256').update(stampedBytes).digest();
  if (!expected.equals(Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView))) {
    return fail(genTime, 'the message imprint does not match the signed tree head');
  }
  if (options.nonce !== undefined && (tstInfo.nonce === undefined || tstInfo.nonce.toBigInt() !== options.nonce)) {
    return fail(genTime, 'the nonce does not match the request');
  }
  const trustedCerts = options.caPem === undefined ? [] : certificatesFromPem(options.caPem);
  let result: pkijs.SignedDataVerifyResult;
  try {
    result = await signedData.verify({
      signer: 0,
      data: toArrayBuffer(stampedBytes),
      trustedCerts,
      checkChain: trustedCerts.length > 0,
      extendedMode: true,
    });
  } catch (error) {
    const message = error instanceof pkijs.SignedDataVerifyError ? error.message : (error as Error).message;
    return fail(genTime, `the CMS signature does not verify: ${message}`);
  }
  if (!result.signatureVerified) return fail(genTime, 'the CMS signature does not verify');
  const signer = result.signerCertificate;
  if (signer === undefined || signer === null) return fail(genTime, 'the signer certificate is missing');
  if (!hasCriticalTimeStampingUsage(signer)) return fail(genTime, 'the signer certificate lacks the critical timeStamping extended key usage');
  if (trustedCerts.length > 0 && result.signerCertificateVerified !== true) return fail(genTime, 'the signer certificate does not chain to the trusted CA');
  const subject = new X509Certificate(Buffer.from(signer.toSchema().toBER(false))).subject.replace(/\n/g, ', ');
  const trust = trustedCerts.length > 0 ? 'chains to the given CA' : 'not checked against a CA';
  return { ok: true, genTime, detail: `time-stamped at ${genTime} by ${subject} (${trust})` };
}

/** Every certificate in a PEM bundle. */
export function certificatesFromPem(pem: string): pkijs.Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => pkijs.Certificate.fromBER(new X509Certificate(block).raw));
}

function hasCriticalTimeStampingUsage(certificate: pkijs.Certificate): boolean {
  const extension = certificate.extensions?.find((ext) => ext.extnID === EXT_KEY_USAGE_OID);
  if (extension === undefined || !extension.critical) return false;
  const usage = extension.parsedValue as pkijs.ExtKeyUsage | undefined;
  return usage?.keyPurposes.includes(TIME_STAMPING_EKU) ?? false;
}

function fail(genTime: string | null, detail: string): TimestampVerification {
  return { ok: false, genTime, detail };
}

/** pkijs wants an ArrayBuffer holding exactly the bytes. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

