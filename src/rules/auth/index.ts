export { createDkimVerifier, type DkimVerifierOptions } from './create-dkim-verifier.js';
export { parseAuthenticationResults, type UpstreamAuth } from './parse-authentication-results.js';
