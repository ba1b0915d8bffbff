import { crc32 } from 'node:zlib';
import type { Detection, Detector } from './detector.js';
import { maskToken } from './redact.js';

/**
 * GitHub's token formats (2021 onwards): `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` + 36 base62
 * characters, and fine-grained `github_pat_` + 22 + `_` + 59. Fixed width: linear.
 */
const CANDIDATE = /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/g;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(value: number, width: number): string {
  let out = '';
  for (let n = value; n > 0; n = Math.floor(n / 62)) out = BASE62[n % 62] + out;
  return out.padStart(width, '0');
}

/**
 * The checksum GitHub builds into `gh?_` tokens: the last six characters are the CRC-32 of the
 * 30 random ones, in base62 (GitHub engineering blog, "Behind GitHub's new authentication token
 * formats", 2021).
 */
export function githubChecksumValid(token: string): boolean {
  const body = token.slice(4);
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

/**
 * GitHub tokens. High when a classic-format token's embedded CRC-32 checks out (and for
 * `github_pat_`, whose checksum is not documented); medium when the format fits but the checksum
 * does not (a made-up example, as in GitHub's own docs, flagged as a test value).
 */
export const githubToken: Detector = {
  id: 'github-token',
  description: 'GitHub token (ghp_/gho_/ghu_/ghs_/ghr_ with CRC-32 checksum, github_pat_)',
  find(text: string): Detection[] {
    if (!text.includes('gh') && !text.includes('github_pat_')) return [];
    return [...text.matchAll(CANDIDATE)].map((match) => {
      const token = match[0];
      const fineGrained = token.startsWith('github_pat_');
      const valid = fineGrained || githubChecksumValid(token);
      return {
        detector: 'github-token',
        confidence: valid ? 'high' : 'medium',
        index: match.index,
        redacted: maskToken(token, fineGrained ? 11 : 4),
        testValue: !valid,
      };
    });
  },
};
