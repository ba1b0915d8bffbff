import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuthenticationResults } from './parse-authentication-results.js';

const ar = (value: string) => ({ name: 'authentication-results', value });

test('with no trusted ids only the topmost header counts, so a forged one below is ignored', () => {
  const headers = [
    { name: 'received', value: 'from x by mx.corp.example; Thu, 22 Aug 2002 12:00:00 +0000' },
    ar('mx.corp.example; spf=fail smtp.mailfrom=a@bank.example; dkim=none; dmarc=fail header.from=bank.example'),
    ar('mx.bank.example; spf=pass; dkim=pass header.d=bank.example; dmarc=pass'),
  ];
  assert.deepEqual(parseAuthenticationResults(headers, []), { spf: 'fail', dkim: 'none', dmarc: 'fail', arc: 'none' });
});

test('with trusted ids every header of those ids counts and the others are ignored, ids compared case-insensitively', () => {
  const headers = [
    ar('forger.example; spf=pass; dmarc=pass'),
    ar('MX1.Corp.Example 1; spf=softfail (not permitted) smtp.mailfrom=x@y.example'),
    ar('mx2.corp.example; dmarc=fail (p=reject) header.from=y.example; arc=pass'),
  ];
  assert.deepEqual(parseAuthenticationResults(headers, ['mx1.corp.example', 'mx2.corp.example']), { spf: 'softfail', dkim: 'none', dmarc: 'fail', arc: 'pass' });
});

test('one passing DKIM signature among failing ones authenticates the message', () => {
  const headers = [ar('mx.corp.example; dkim=fail (bad signature) header.d=old.example; dkim=pass header.d=new.example')];
  assert.equal(parseAuthenticationResults(headers, []).dkim, 'pass');
});

test('comments with semicolons, quoted values and spaces around = are read per RFC 8601', () => {
  const headers = [ar('mx.corp.example (Postfix; v2); spf = pass smtp.mailfrom="a;b"@example.com; dkim=hardfail')];
  assert.deepEqual(parseAuthenticationResults(headers, []), { spf: 'pass', dkim: 'fail', dmarc: 'none', arc: 'none' });
});

test('a message without Authentication-Results, or with `none`, has no results', () => {
  const none = { spf: 'none', dkim: 'none', dmarc: 'none', arc: 'none' };
  assert.deepEqual(parseAuthenticationResults([], []), none);
  assert.deepEqual(parseAuthenticationResults([ar('mx.corp.example 1; none')], []), none);
});

test('result words RFC 8601 does not define are ignored', () => {
  assert.equal(parseAuthenticationResults([ar('mx.corp.example; spf=maybe')], []).spf, 'none');
});
