import { promises as dns } from 'node:dns';
import { dkimVerify, type DkimSignatureResult, type DnsResolver } from 'mailauth/lib/dkim/verify.js';
import type { AuthOutcome } from '../message-view.js';
import { combineOutcomes, toAuthOutcome } from './auth-outcome.js';
import { DnsCircuitBreaker } from './dns-circuit-breaker.js';

export interface DkimVerifierOptions {
  /** Longest wait for one DNS answer, in ms. A key lookup that takes longer is a `temperror`. */
  dnsTimeoutMs: number;
  /** Consecutive DNS network failures after which lookups are skipped. Default 3. */
  failureThreshold?: number;
  /** How long lookups are skipped once DNS has failed, in ms. Default 60 000. */
  coolDownMs?: number;
  /** DNS servers (`ip` or `ip:port`); default the system's. */
  servers?: readonly string[];
  /**
   * A name that always has a TXT record, asked once when a key lookup says "no such name", to
   * tell a missing key from a DNS that answers "no such name" for everything (a sinkhole, as on
   * hosts without outside DNS). Default `iana.org`; null to trust every negative answer.
   */
  canaryName?: string | null;
  /** Looks up DNS records (`dns.promises.resolve`'s signature); replaces the system resolver, e.g. in tests. */
  resolver?: DnsResolver;
}

/** DNS errors that mean "no server answered" rather than "the answer is no". */
const NETWORK_ERRORS = new Set(['ETIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'EREFUSED', 'ESERVFAIL', 'ECANCELLED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
const NEGATIVE_ANSWERS = new Set(['ENOTFOUND', 'ENODATA']);

function dnsError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

function withTimeout<T>(lookup: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(dnsError('ETIMEOUT', `DNS answer took over ${ms} ms`)), ms);
  });
  return Promise.race([lookup, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Custodian's own DKIM verification (mailauth's verifier, RFC 6376), with DNS that fails fast:
 * each lookup is bounded by `dnsTimeoutMs`, and after a few consecutive network failures a
 * circuit breaker skips lookups for `coolDownMs`, so a DNS outage costs each message nothing
 * and results in `temperror` (unknown), never in a verdict.
 *
 * Outcomes: `none` (unsigned), `pass` (a signature verified), `fail` (bad signature or the body
 * changed since signing), `temperror` (DNS unreachable or skipped), `neutral`/`policy`/
 * `permerror` as mailauth reports them (no key published, key too short, broken signature).
 */
export function createDkimVerifier(options: DkimVerifierOptions): (raw: Buffer) => Promise<AuthOutcome> {
  const coolDownMs = options.coolDownMs ?? 60_000;
  const breaker = new DnsCircuitBreaker(options.failureThreshold ?? 3, coolDownMs);
  const canaryName = options.canaryName === undefined ? 'iana.org' : options.canaryName;
  const resolve: DnsResolver = options.resolver ?? systemResolver(options);
  /** Until when the canary's last answer vouches for negative answers. */
  let canaryTrustedUntil = 0;

  async function lookup(name: string, rrtype: string): Promise<unknown> {
    if (breaker.isOpen()) throw dnsError('ECIRCUITOPEN', 'DNS lookups paused after repeated failures');
    try {
      const answer = await withTimeout(resolve(name, rrtype), options.dnsTimeoutMs);
      breaker.recordSuccess();
      return answer;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && NEGATIVE_ANSWERS.has(code) && canaryName !== null && name !== canaryName && Date.now() >= canaryTrustedUntil) {
        // "No such key" is only believable from a DNS that can find a name that exists.
        await lookup(canaryName, 'TXT').catch((canaryErr: { code?: unknown }) => {
          throw NEGATIVE_ANSWERS.has(String(canaryErr.code)) ? sinkhole() : canaryErr;
        });
        canaryTrustedUntil = Date.now() + coolDownMs;
      } else if (typeof code !== 'string' || NETWORK_ERRORS.has(code)) {
        breaker.recordFailure();
      }
      throw err;
    }
  }

  function sinkhole(): Error {
    breaker.recordFailure();
    return dnsError('ESINKHOLE', `DNS says ${canaryName} does not exist: no usable DNS`);
  }

  return async (raw) => {
    const { results } = await dkimVerify(raw, { resolver: lookup });
    return combineOutcomes(results.map(signatureOutcome));
  };
}

function signatureOutcome(result: DkimSignatureResult): AuthOutcome {
  // mailauth reports a changed body as `neutral`; RFC 8601 calls a signature that does not
  // verify `fail`, and a body altered after signing is exactly that.
  if (result.status.comment === 'body hash did not verify') return 'fail';
  return toAuthOutcome(result.status.result) ?? 'permerror';
}

function systemResolver(options: DkimVerifierOptions): DnsResolver {
  // One try per lookup: retrying is the breaker's business, and a retry doubles the wait.
  const resolver = new dns.Resolver({ timeout: options.dnsTimeoutMs, tries: 1 });
  if (options.servers !== undefined) resolver.setServers([...options.servers]);
  return (name, rrtype) => resolver.resolve(name, rrtype);
}
