import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jwt } from './jwt.js';

const JWT_IO =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

test('the jwt.io example is high, redacted and flagged as a test value', () => {
  assert.deepEqual(jwt.find(`Authorization: Bearer ${JWT_IO}`), [
    { detector: 'jwt', confidence: 'high', index: 22, redacted: 'eyJhbG****************sw5c', testValue: true },
  ]);
});

test('a signed token with another signature is not a test value', () => {
  const other = JWT_IO.replace(/\.[^.]+$/, '.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
  assert.equal(jwt.find(other)[0]?.testValue, false);
});

test('an unsigned alg:none token is medium', () => {
  const header = Buffer.from('{"alg":"none"}').toString('base64url');
  const payload = Buffer.from('{"sub":"1"}').toString('base64url');
  assert.equal(jwt.find(`${header}.${payload}.`)[0]?.confidence, 'medium');
});

test('a header without alg, a non-JSON header or fewer than three segments is rejected', () => {
  const noAlg = Buffer.from('{"typ":"JWT"}').toString('base64url');
  assert.deepEqual(jwt.find(`${noAlg}.eyJzdWIiOiIxIn0.abcdefghijklmnopqrstu`), []);
  assert.deepEqual(jwt.find('eyJub3QganNvbg.eyJzdWIiOiIxIn0.abcdefghijklmnopqrstu'), []);
  assert.deepEqual(jwt.find('eyJhbGciOiJIUzI1NiJ9'), []);
});
