import type { RequestHandler } from 'express';

/**
 * Headers for an API that never serves HTML. Responses carry mail content and audit data, so no
 * cache may keep them (`no-store` everywhere, not only on message routes) and no browser may
 * sniff, frame or execute them. HSTS is left to the TLS-terminating proxy, which knows the scheme.
 */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
  });
  next();
};
