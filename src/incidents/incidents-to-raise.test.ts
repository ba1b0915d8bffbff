import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notClassified, type Classification, type RuleHit } from '../domain/classification.js';
import { incidentIdOf, incidentsToRaise } from './incidents-to-raise.js';

const hit = (ruleId: string, kind: RuleHit['kind'], actions: RuleHit['actions']): RuleHit => ({
  ruleId, kind, pack: kind, description: `rule ${ruleId}`, ...(kind === 'dlp' ? { severity: 'medium' as const } : { score: 2 }),
  evidence: [{ source: 'body', samples: ['x'] }], actions,
});

const withHits = (hits: RuleHit[]): Classification => ({ ...notClassified(''), status: 'classified', hits });

test('each hit whose actions include incident raises one, spam hits without a severity', () => {
  const seeds = incidentsToRaise(withHits([
    hit('pii-ssn', 'dlp', [{ action: 'tag', tag: 'pii' }, { action: 'incident' }]),
    hit('pii-phone', 'dlp', [{ action: 'tag', tag: 'pii' }]),
    hit('spam-phish', 'spam', [{ action: 'incident' }]),
    hit('pii-ssn', 'dlp', [{ action: 'incident' }]),
  ]));
  assert.deepEqual(seeds.map((s) => [s.ruleId, s.pack, s.severity, s.description]), [
    ['pii-ssn', 'dlp', 'medium', 'rule pii-ssn'],
    ['spam-phish', 'spam', null, 'rule spam-phish'],
  ]);
});

test('a rule-engine failure raises a high rule-engine-error incident; a message never parsed raises none', () => {
  assert.deepEqual(incidentsToRaise(notClassified('rule engine: regex compile failed')), [
    { ruleId: 'rule-engine-error', pack: null, severity: 'high', description: 'rule engine: regex compile failed', evidence: [] },
  ]);
  assert.deepEqual(incidentsToRaise(notClassified('not parsed: MIME nested too deep')), []);
});

test('incident ids are stable per (message, rule) and differ between them', () => {
  assert.equal(incidentIdOf('a'.repeat(64), 'pii-ssn'), incidentIdOf('a'.repeat(64), 'pii-ssn'));
  assert.notEqual(incidentIdOf('a'.repeat(64), 'pii-ssn'), incidentIdOf('b'.repeat(64), 'pii-ssn'));
  assert.match(incidentIdOf('a'.repeat(64), 'pii-ssn'), /^[0-9a-f]{32}$/);
});
