import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { test } from 'node:test';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { createDkimVerifier } from './create-dkim-verifier.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyRecord = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
const KEY_NAME = 'test2026._domainkey.sender.example';

/** A DNS that publishes the test key and answers "no such name" for anything else, as DNS does. */
const testDns = async (name: string, rrtype: string): Promise<string[][]> => {
  if (name === KEY_NAME && rrtype === 'TXT') return [[keyRecord]];
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

const message = Buffer.from([
  'From: Alice <alice@sender.example>', 'To: bob@corp.example', 'Subject: Quarterly figures',
  'Date: Thu, 26 Nov 2026 10:00:00 +0000', 'Message-ID: <q3@sender.example>', '', 'The figures are attached.', '',
].join('\r\n'));

async function signed(raw: Buffer): Promise<Buffer> {
  const { signatures } = await dkimSign(raw, {
    signatureData: [{ signingDomain: 'sender.example', selector: 'test2026', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) }],
  });
  return Buffer.concat([Buffer.from(signatures), raw]);
}

/** A UDP port that takes DNS queries and never answers: DNS that is down. Counts the queries. */
async function silentDns(): Promise<{ server: string; queries: () => number; close: () => void }> {
  const socket = createSocket('udp4');
  let queries = 0;
  socket.on('message', () => queries++);
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return { server: `127.0.0.1:${socket.address().port}`, queries: () => queries, close: () => socket.close() };
}

test('a message signed with a key the DNS publishes verifies', async () => {
  const verify = createDkimVerifier({ dnsTimeoutMs: 1000, resolver: testDns });
  assert.equal(await verify(await signed(message)), 'pass');
});

test('a signed message whose body was changed afterwards fails', async () => {
  const verify = createDkimVerifier({ dnsTimeoutMs: 1000, resolver: testDns });
  const tampered = Buffer.from((await signed(message)).toString('latin1').replace('attached', 'ATTACHED'), 'latin1');
  assert.equal(await verify(tampered), 'fail');
});

test('an unsigned message is none, without any lookup', async () => {
  let lookups = 0;
  const verify = createDkimVerifier({ dnsTimeoutMs: 1000, resolver: async (name, rrtype) => { lookups++; return testDns(name, rrtype); } });
  assert.equal(await verify(message), 'none');
  assert.equal(lookups, 0);
});

test('a key the DNS does not have is neutral when the DNS can find names that exist', async () => {
  const verify = createDkimVerifier({ dnsTimeoutMs: 1000, canaryName: 'iana.org', resolver: async (name, rrtype) => (name === 'iana.org' ? [['v=spf1 -all']] : testDns(name, rrtype)) });
  const otherKey = Buffer.from((await signed(message)).toString('latin1').replace('s=test2026', 's=gone'), 'latin1');
  assert.equal(await verify(otherKey), 'neutral');
});

test('a DNS that says no name exists at all (a sinkhole) gives temperror, not "no key"', async () => {
  const verify = createDkimVerifier({ dnsTimeoutMs: 1000, resolver: async (name) => { throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' }); } });
  assert.equal(await verify(await signed(message)), 'temperror');
});

test('unreachable DNS gives temperror within the timeout, and after three failures no lookup is made at all', async () => {
  const dns = await silentDns();
  try {
    const verify = createDkimVerifier({ dnsTimeoutMs: 150, failureThreshold: 3, coolDownMs: 60_000, servers: [dns.server] });
    const raw = await signed(message);
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      assert.equal(await verify(raw), 'temperror');
      assert.ok(Date.now() - started < 1000, `lookup ${i + 1} took ${Date.now() - started} ms`);
    }
    const asked = dns.queries();
    assert.ok(asked >= 3, `the silent DNS saw ${asked} queries`);
    const started = Date.now();
    assert.equal(await verify(raw), 'temperror');
    assert.ok(Date.now() - started < 100, `skipped verification took ${Date.now() - started} ms`);
    assert.equal(dns.queries(), asked);
  } finally {
    dns.close();
  }
});
