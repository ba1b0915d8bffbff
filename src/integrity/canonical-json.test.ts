import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalIntegerJson, canonicalJson } from './canonical-json.js';

test('object keys are sorted by code unit at every level, integer-like keys included, without whitespace', () => {
  assert.equal(canonicalJson({ b: 1, 10: 'x', 2: 'y', a: { d: [3, { z: null, c: true }] } }), '{"10":"x","2":"y","a":{"d":[3,{"c":true,"z":null}]},"b":1}');
});

test('undefined members are left out, undefined array slots become null, dates become ISO strings', () => {
  assert.equal(canonicalJson({ gone: undefined, list: [undefined, 1], when: new Date(0) }), '{"list":[null,1],"when":"1970-01-01T00:00:00.000Z"}');
});

test('strings and numbers are written as JSON.stringify writes them', () => {
  assert.equal(canonicalJson({ s: 'é"\n\u2028', n: 1e21, f: 0.1 }), `{"f":0.1,"n":1e+21,"s":${JSON.stringify('é"\n\u2028')}}`);
});

test('a value with no JSON form is refused', () => {
  assert.throws(() => canonicalJson(undefined), TypeError);
  assert.throws(() => canonicalJson({ big: 1n }), TypeError);
});

test('integer canonical JSON gives UTF-8 bytes and refuses numbers that have no single encoding', () => {
  assert.equal(canonicalIntegerJson({ seq: 2, detail: { z: null, a: 'é"\n' } }).toString('utf8'), '{"detail":{"a":"é\\"\\n","z":null},"seq":2}');
  assert.throws(() => canonicalIntegerJson({ size: 1.5 }), /safe integers only/);
  assert.throws(() => canonicalIntegerJson({ size: 2 ** 60 }), /safe integers only/);
});
