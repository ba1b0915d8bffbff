/**
 * Types for the parts of mailauth (which ships no declarations) that Custodian uses. The package
 * has no `exports` map, so these internal modules are importable by path; the shapes are those
 * of mailauth 4.9 (package.json pins ~4.9).
 */

declare module 'mailauth/lib/parse-dkim-headers.js' {
  /** One `method=result` entry of an Authentication-Results header. */
  export interface ParsedResult {
    value: string;
    comment?: string;
  }
  export interface ParsedHeader {
    header: string;
    /** For Authentication-Results: the authserv-id, with its version when one follows. */
    value?: string;
    /** `dkim` is a list (one per signature); every other method a single entry. */
    [method: string]: ParsedResult | ParsedResult[] | string | undefined;
  }
  export default function headerParser(header: string | Buffer): { parsed: ParsedHeader; original: string | Buffer };
}

declare module 'mailauth/lib/dkim/verify.js' {
  /** Resolves DNS records as `dns.promises.resolve` does (TXT answers are arrays of strings). */
  export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;
  export interface DkimSignatureResult {
    signingDomain?: string;
    selector?: string;
    status: { result: string; comment?: string };
  }
  export function dkimVerify(
    input: Buffer | string,
    options: { resolver?: DnsResolver; minBitLength?: number; curTime?: Date },
  ): Promise<{ results: DkimSignatureResult[] }>;
}

declare module 'mailauth/lib/dkim/sign.js' {
  export function dkimSign(
    input: Buffer | string,
    options: {
      canonicalization?: string;
      algorithm?: string;
      signatureData: { signingDomain: string; selector: string; privateKey: string | Buffer }[];
    },
  ): Promise<{ signatures: string; errors: unknown[] }>;
}
