import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { test } from 'node:test';
import { githubChecksumValid, githubToken } from './github-token.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Builds a token the way GitHub describes: 30 random base62 characters and their CRC-32 in six base62 digits. */
function token(prefix: string, random: string): string {
  let n = crc32(random);
  let check = '';
  for (; n > 0; n = Math.floor(n / 62)) check = ALPHABET[n % 62] + check;
  return `${prefix}${random}${check.padStart(6, '0')}`;
}

test('a classic token whose CRC-32 checks out is high and redacted to its prefix and last four', () => {
  const value = token('ghp_', 'R8sYLzPq2mWk4VbN7xJc3TgHd9FeUa');
  assert.equal(githubChecksumValid(value), true);
  assert.deepEqual(githubToken.find(`GITHUB_TOKEN=${value}`), [
    { detector: 'github-token', confidence: 'high', index: 13, redacted: `ghp_****************${value.slice(-4)}`, testValue: false },
  ]);
});

test('every classic prefix is recognised', () => {
  for (const prefix of ['gho_', 'ghu_', 'ghs_', 'ghr_']) assert.equal(githubToken.find(token(prefix, 'R8sYLzPq2mWk4VbN7xJc3TgHd9FeUa'))[0]?.confidence, 'high');
});

test("GitHub's documentation example has a made-up checksum: medium and a test value", () => {
  const [hit] = githubToken.find('ghp_16C7e42F292c6912E7710c838347Ae178B4a');
  assert.equal(hit?.confidence, 'medium');
  assert.equal(hit?.testValue, true);
});

test('fine-grained github_pat_ tokens are found', () => {
  const pat = `github_pat_11ABCDEFG0123456789abc_${'a1B2c3D4e5'.repeat(5)}F6g7H8i9J`;
  assert.equal(githubToken.find(pat)[0]?.redacted, `github_pat_****************${pat.slice(-4)}`);
});

test('wrong lengths and unknown prefixes are rejected', () => {
  assert.deepEqual(githubToken.find('ghp_abc ghx_16C7e42F292c6912E7710c838347Ae178B4a ghp_16C7e42F292c6912E7710c838347Ae178B4aX'), []);
});
