import { createDkimVerifier, parseAuthenticationResults } from '../../../rules/auth/index.js';
import type { AuthView } from '../../../rules/message-view.js';
import type { ParsedContent } from '../parse/index.js';

export interface AuthSettings {
  /** authserv-ids whose Authentication-Results are believed; empty: the topmost header only. */
  trustedAuthservIds: string[];
  dkim: { verify: boolean; dnsTimeoutMs: number };
}

/** Authentication results of one original: the trusted upstream header's, and our own DKIM check. */
export function createAuthStage(settings: AuthSettings): (headers: ParsedContent['headers'], original: Buffer) => Promise<AuthView> {
  const verifyDkim = settings.dkim.verify ? createDkimVerifier({ dnsTimeoutMs: settings.dkim.dnsTimeoutMs }) : null;
  return async (headers, original) => ({
    ...parseAuthenticationResults(headers, settings.trustedAuthservIds),
    dkimVerified: verifyDkim ? await verifyDkim(original) : 'none',
  });
}
