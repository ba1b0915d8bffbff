import type { Detection, Detector } from './detector.js';
import { KeywordList } from './proximity.js';
import { maskToken } from './redact.js';

const KEY_LENGTH = 40;

/** Base64 characters (without `=`), by char code. */
const BASE64 = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64[c.charCodeAt(0)] = 1;
const isBase64 = (code: number) => code < 128 && BASE64[code] === 1;

/**
 * Start offsets of the runs of exactly 40 base64 characters not followed by `=` padding (a
 * longer encoded value). One pass over the text, no backtracking.
 */
function keyRuns(text: string): number[] {
  const starts: number[] = [];
  let runStart = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && isBase64(text.charCodeAt(i))) continue;
    if (i - runStart === KEY_LENGTH && text.charCodeAt(i) !== 61) starts.push(runStart);
    runStart = i + 1;
  }
  return starts;
}

/** Words that name an AWS secret key outright. */
const STRONG = new KeywordList(
  ['aws_secret_access_key', 'aws secret access key', 'secret access key', 'secretaccesskey', 'aws secret', 'aws_secret_key', 'aws secret key'],
  '(?:AKIA|ASIA)[A-Z0-9]{16}',
);
/** Words that make a 40-character string worth reporting at all. */
const WEAK = new KeywordList(['aws', 'amazon', 'secret', 'secret key', 'secret_key', 'secretkey', 'credentials']);


/** The documentation example `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY` and its kin end in `EXAMPLEKEY`. */
const EXAMPLE = /EXAMPLEKEY$/;

/**
 * A plausible key has upper and lower case and a digit or `/`/`+` (a key is random base64):
 * excludes 40-character hex digests such as git commit ids, and plain words.
 */
function looksRandom(value: string): boolean {
  return /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9/+]/.test(value);
}

/**
 * AWS secret access keys: 40 random-looking base64 characters. Such strings are common (hashes,
 * ids), so a keyword is required: high with an AWS-secret keyword or an access key id within
 * 300 characters, medium with only `aws`/`secret`-like words, nothing without.
 */
export const awsSecretAccessKey: Detector = {
  id: 'aws-secret-access-key',
  description: 'AWS secret access key (40 base64 characters); requires an AWS/secret keyword nearby',
  find(text: string): Detection[] {
    const strong = STRONG.in(text);
    const weak = WEAK.in(text);
    const found: Detection[] = [];
    for (const index of keyRuns(text)) {
      const key = text.slice(index, index + KEY_LENGTH);
      if (!looksRandom(key)) continue;
      const end = index + KEY_LENGTH;
      const confidence = strong.near(index, end) ? 'high' : weak.near(index, end) ? 'medium' : undefined;
      if (!confidence) continue;
      found.push({ detector: 'aws-secret-access-key', confidence, index, redacted: maskToken(key), testValue: EXAMPLE.test(key) });
    }
    return found;
  },
};
