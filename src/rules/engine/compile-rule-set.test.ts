import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Classification } from '../../domain/classification.js';
import type { MessageView } from '../message-view.js';
import { exampleToView } from '../pack/example-to-view.js';
import type { ConditionDef, ExampleMessage, RuleDefinition } from '../pack/rule-definition.js';
import { createRuleSet } from '../rule-set.js';
import { compileRuleSet, type CompileRuleSetOptions } from './compile-rule-set.js';
import { RuleEvaluationError } from './rule-evaluation-error.js';
import { fakeRegistries } from './test-support/fake-registries.js';

type RuleInput = Partial<RuleDefinition> & { id: string; when: ConditionDef };

function rule(input: RuleInput): RuleDefinition {
  const kind = input.kind ?? (input.severity ? 'dlp' : 'spam');
  return {
    kind,
    pack: kind === 'dlp' ? 'test-dlp' : 'test-spam',
    description: `rule ${input.id}`,
    ...(kind === 'spam' && input.severity === undefined && { score: 1 }),
    except: [],
    actions: [],
    examples: [],
    counterExamples: [],
    ...input,
  };
}

function engine(rules: RuleInput[], options: Partial<CompileRuleSetOptions> = {}) {
  const registries = fakeRegistries();
  const ruleSet = createRuleSet({ sources: [], packs: [], rules: rules.map(rule) });
  return {
    card: registries.card,
    engine: compileRuleSet(ruleSet, { internalDomains: ['internal.example'], spamThreshold: 5, detectors: registries.detectors, checks: registries.checks, ...options }),
  };
}

async function view(example: ExampleMessage = {}): Promise<MessageView> {
  return exampleToView(example);
}

/** The ids of the rules that fired for `example`, given one rule per condition. */
async function firing(conditions: Record<string, ConditionDef>, example: ExampleMessage, options: Partial<CompileRuleSetOptions> = {}): Promise<string[]> {
  const { engine: e } = engine(Object.entries(conditions).map(([id, when]) => ({ id, when })), options);
  return e.classify(await view(example)).hits.map((h) => h.ruleId).sort();
}

const text = (field: 'subject' | 'body' | 'html' | 'url' | 'attachmentName' | 'attachmentText' | 'displayName', matcher: ConditionDef & { type: 'text' } extends { matcher: infer M } ? M : never): ConditionDef => ({ type: 'text', field, matcher });

describe('compileRuleSet text conditions', () => {
  it('matches RE2 regexes with flags, substrings, equality and keywords on each text field', async () => {
    const fired = await firing({
      'subject-regex': text('subject', { op: 'matches', pattern: 'v[i1]agra', flags: 'i' }),
      'subject-regex-case': text('subject', { op: 'matches', pattern: 'v[i1]agra', flags: '' }),
      'body-contains': text('body', { op: 'contains', terms: ['nothing here', 'WIRE TRANSFER'] }),
      'html-contains': text('html', { op: 'contains', terms: ['<font color=red>'] }),
      'url-regex': text('url', { op: 'matches', pattern: '^https?://[^/]*\\.zip/', flags: '' }),
      'name-regex': text('attachmentName', { op: 'matches', pattern: '\\.(exe|scr)$', flags: 'i' }),
      'attachment-keywords': text('attachmentText', { op: 'keywords', terms: ['balance sheet'], minCount: 1 }),
      'display-equals': text('displayName', { op: 'equals', value: 'paypal support' }),
      'display-equals-miss': text('displayName', { op: 'equals', value: 'paypal' }),
    }, {
      from: 'PayPal Support <help@phish.example>',
      subject: 'Cheap V1AGRA',
      body: 'Please make the wire transfer today: https://login.example.zip/verify',
      html: '<p><FONT COLOR=RED>urgent</FONT></p>',
      attachments: [{ name: 'INVOICE.EXE', type: 'application/x-msdownload' }, { name: 'q3.xlsx', type: 'application/vnd.ms-excel', text: 'Balance  Sheet Q3' }],
    });
    assert.deepEqual(fired, ['attachment-keywords', 'body-contains', 'display-equals', 'html-contains', 'name-regex', 'subject-regex', 'url-regex']);
  });

  it('tests any occurrence of a header, and whether it exists', async () => {
    const example: ExampleMessage = { headers: { received: ['from a by b', 'from evil.example by c'], precedence: 'Bulk ' } };
    const fired = await firing({
      'received-evil': { type: 'header', name: 'received', matcher: { op: 'matches', pattern: 'evil\\.example', flags: '' } },
      'precedence-bulk': { type: 'header', name: 'precedence', matcher: { op: 'equals', value: 'bulk' } },
      'has-precedence': { type: 'header', name: 'precedence', matcher: { op: 'exists', value: true } },
      'no-list-id': { type: 'header', name: 'list-id', matcher: { op: 'exists', value: false } },
      'has-list-id': { type: 'header', name: 'list-id', matcher: { op: 'exists', value: true } },
      'no-date': { type: 'header', name: 'date', matcher: { op: 'exists', value: false } },
    }, example);
    assert.deepEqual(fired, ['has-precedence', 'no-list-id', 'precedence-bulk', 'received-evil']);
    assert.deepEqual(await firing({ 'no-date': { type: 'header', name: 'date', matcher: { op: 'exists', value: false } } }, { headers: { date: [] } }), ['no-date']);
  });

  it('matches thousands of keywords in one pass, as whole words, counting distinct terms', async () => {
    const terms = Array.from({ length: 5000 }, (_, i) => `codeword${i}`);
    terms.push('internal use only', 'vertraulich', 'confidentialité');
    const body = `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(2000)} CODEWORD42 codeword42 xcodeword7 codeword4999s Internal\nuse   only «CONFIDENTIALITÉ» confidentialités`;
    const { engine: e } = engine([
      { id: 'three-terms', when: text('body', { op: 'keywords', terms, minCount: 3 }) },
      { id: 'four-terms', when: text('body', { op: 'keywords', terms, minCount: 4 }) },
    ]);
    const v = await view({ body });
    const started = performance.now();
    const result = e.classify(v);
    const elapsed = performance.now() - started;
    assert.deepEqual(result.hits.map((h) => h.ruleId), ['three-terms']);
    assert.deepEqual(result.hits[0]?.evidence[0]?.samples.sort(), ['codeword42', 'confidentialité', 'internal use only']);
    assert.equal(result.hits[0]?.evidence[0]?.count, 3);
    assert.ok(elapsed < 500, `classify took ${elapsed.toFixed(0)} ms on a 115 kB body with 5,003 terms`);
  });

  it('clips text evidence to 60 characters', async () => {
    const { engine: e } = engine([{ id: 'long', when: text('body', { op: 'matches', pattern: 'start.*end', flags: 's' }) }]);
    const result = e.classify(await view({ body: `start ${'x'.repeat(200)}\n end` }));
    const sample = result.hits[0]?.evidence[0]?.samples[0] ?? '';
    assert.equal(sample.length, 60);
    assert.ok(sample.startsWith('start xxx') && sample.endsWith('…'));
  });
});

describe('compileRuleSet address conditions', () => {
  const example: ExampleMessage = {
    from: 'Boss <boss@internal.example>',
    to: ['a@sales.internal.example'],
    cc: ['partner@Partner.Example'],
    envelope: { sender: 'bounces@mail.internal.example', recipients: ['a@sales.internal.example', 'partner@partner.example'] },
  };

  it('matches envelope and header addresses by domain (and subdomain), address, regex and scope', async () => {
    const fired = await firing({
      'sender-internal': { type: 'address', field: 'sender', selector: { scope: 'internal' } },
      'sender-domain': { type: 'address', field: 'sender', selector: { domains: ['internal.example'] } },
      'sender-external': { type: 'address', field: 'sender', selector: { scope: 'external' } },
      'recipient-partner': { type: 'address', field: 'recipient', selector: { domains: ['partner.example'], scope: 'external' } },
      'from-boss': { type: 'address', field: 'from', selector: { addresses: ['boss@internal.example'] } },
      'to-cc-regex': { type: 'address', field: 'to', selector: { matches: '^partner@' } },
      'to-other': { type: 'address', field: 'to', selector: { domains: ['other.example'] } },
    }, example);
    assert.deepEqual(fired, ['from-boss', 'recipient-partner', 'sender-domain', 'sender-internal', 'to-cc-regex']);
  });

  it('tells all-internal, any-external and all-external recipients apart', async () => {
    const scopes = { 'all-internal': { type: 'recipients', scope: 'all-internal' }, 'any-external': { type: 'recipients', scope: 'any-external' }, 'all-external': { type: 'recipients', scope: 'all-external' } } as const;
    assert.deepEqual(await firing(scopes, example), ['any-external']);
    assert.deepEqual(await firing(scopes, { to: ['x@internal.example', 'y@eu.internal.example'] }), ['all-internal']);
    assert.deepEqual(await firing(scopes, { to: ['x@gmail.example'] }), ['all-external', 'any-external']);
    assert.deepEqual(await firing(scopes, { envelope: { recipients: [] } }), []);
  });
});

describe('compileRuleSet detector conditions', () => {
  const detector = (options: Partial<ConditionDef & { type: 'detector' }> = {}): ConditionDef => ({
    type: 'detector', detector: 'credit-card', minConfidence: 'low', minCount: 1, maxCount: null, in: ['subject', 'body', 'html', 'attachments'], ignoreTestValues: false, ...options,
  });
  const cards = 'Visa 4111 1111 1111 1111, MC 5500 0000 0000 0004, Amex-ish 4012 8888 8888 1881';

  it('applies minCount, maxCount, minConfidence, test values and sources', async () => {
    const fired = await firing({
      'three': detector({ minCount: 3 }),
      'four': detector({ minCount: 4 }),
      'at-most-two': detector({ maxCount: 2 }),
      'high': detector({ minConfidence: 'high' }),
      'no-test-values': detector({ ignoreTestValues: true, minCount: 3 }),
      'subject-only': detector({ in: ['subject'] }),
      'attachments-only': detector({ in: ['attachments'], minCount: 1 }),
    }, { body: cards, attachments: [{ name: 'cards.csv', type: 'text/csv', text: '4111111111111111 exp 12/27' }] });
    assert.deepEqual(fired, ['attachments-only', 'four', 'high', 'three']);
  });

  it('counts the plain and HTML renderings of one body once, yet finds a value only in the HTML', async () => {
    const both = await firing({ two: detector({ minCount: 2 }) }, { body: '4111 1111 1111 1111', html: '<p>4111 1111 1111 1111</p>' });
    assert.deepEqual(both, []);
    const htmlOnly = await firing({ one: detector() }, { body: 'see the HTML part', html: '<p>5500 0000 0000 0004</p>' });
    assert.deepEqual(htmlOnly, ['one']);
  });

  it('runs a detector once per text however many rules use it, and keeps only redacted evidence', async () => {
    const { engine: e, card } = engine([
      { id: 'a', severity: 'low', when: detector() },
      { id: 'b', severity: 'medium', when: detector({ minCount: 2 }) },
      { id: 'c', severity: 'high', when: { type: 'all', conditions: [detector({ minConfidence: 'low' }), detector({ in: ['body'] })] } },
    ]);
    const result = e.classify(await view({ subject: 'order', body: cards }));
    // Three rules, four detector conditions, four sources (subject, body, html empty, no attachments): two texts scanned.
    assert.equal(card.calls, 2);
    assert.deepEqual(result.hits.map((h) => h.ruleId), ['a', 'b', 'c']);
    const evidence = result.hits[0]?.evidence[0];
    assert.deepEqual(evidence, { source: 'body', detector: 'credit-card', count: 3, confidence: 'low', samples: ['**** **** **** 1111', '**** **** **** 0004', '**** **** **** 1881'], testValuesOnly: false });
    assert.doesNotMatch(JSON.stringify(result), /4111 1111 1111 1111|5500000000000004/);
  });
});

describe('compileRuleSet other conditions', () => {
  it('matches sniffed and declared attachment types, wildcards and contradictions', async () => {
    const fired = await firing({
      'detected-exe': { type: 'attachmentType', detected: ['application/x-msdownload'] },
      'declared-image': { type: 'attachmentType', declared: ['image/*'] },
      'mismatch': { type: 'attachmentType', mismatch: true },
      'zip-declared': { type: 'attachmentType', declared: ['application/zip'] },
    }, {
      attachments: [
        { name: 'notes.txt', type: 'text/plain', detectedType: 'application/x-msdownload' },
        { name: 'photo.jpg', type: 'image/jpg', detectedType: 'image/jpeg' },
        { name: 'report.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', detectedType: 'application/zip' },
        { name: 'blob.bin', type: 'application/octet-stream', detectedType: 'application/pdf' },
      ],
    });
    assert.deepEqual(fired, ['declared-image', 'detected-exe', 'mismatch']);
    const consistent = await firing({ mismatch: { type: 'attachmentType', mismatch: true } }, {
      attachments: [{ name: 'a.zip', type: 'application/x-zip-compressed', detectedType: 'application/zip' }, { name: 'a.doc', type: 'application/msword', detectedType: 'application/x-cfb' }],
    });
    assert.deepEqual(consistent, []);
  });

  it('compares sizes and counts attachments, recipients, URLs and header occurrences', async () => {
    const fired = await firing({
      'big': { type: 'size', gt: 10_000 },
      'small': { type: 'size', lt: 10_000 },
      'between': { type: 'size', gt: 1000, lt: 100_000 },
      'two-attachments': { type: 'count', of: 'attachments', gt: 1, lt: 3 },
      'many-recipients': { type: 'count', of: 'recipients', gt: 2 },
      'urls': { type: 'count', of: 'urls', gt: 1 },
      'hops': { type: 'count', of: 'headers:received', gt: 2 },
    }, {
      size: 20_000,
      to: ['a@x.example', 'b@x.example', 'c@x.example'],
      body: 'https://a.example/1 and https://b.example/2',
      headers: { received: ['a', 'b', 'c'] },
      attachments: [{ name: 'a' }, { name: 'b' }],
    });
    assert.deepEqual(fired, ['between', 'big', 'hops', 'many-recipients', 'two-attachments', 'urls']);
  });

  it('requires every listed authentication method to have one of its listed outcomes', async () => {
    const conditions: Record<string, ConditionDef> = {
      'spf-bad': { type: 'auth', require: { spf: ['fail', 'softfail'] } },
      'spf-and-dmarc-bad': { type: 'auth', require: { spf: ['fail', 'softfail'], dmarc: ['fail'] } },
      'dkim-verified': { type: 'auth', require: { dkimVerified: ['pass'] } },
    };
    assert.deepEqual(await firing(conditions, { auth: { spf: 'softfail', dmarc: 'pass', dkimVerified: 'pass' } }), ['dkim-verified', 'spf-bad']);
    assert.deepEqual(await firing(conditions, { auth: { spf: 'fail', dmarc: 'fail' } }), ['spf-and-dmarc-bad', 'spf-bad']);
    assert.deepEqual(await firing(conditions, {}), []);
  });

  it('runs named checks and the Bayes probability, which is false when Bayes is off', async () => {
    const conditions: Record<string, ConditionDef> = { gtube: { type: 'check', check: 'gtube' }, bayes: { type: 'bayes', minProbability: 0.9 } };
    const gtube = { body: 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X' };
    assert.deepEqual(await firing(conditions, gtube), ['gtube']);
    assert.deepEqual(await firing(conditions, {}, { bayes: () => 0.95 }), ['bayes']);
    assert.deepEqual(await firing(conditions, {}, { bayes: () => 0.5 }), []);
  });

  it('combines conditions with all, any and not, and suppresses a rule when an exception holds', async () => {
    const subject = (term: string): ConditionDef => text('subject', { op: 'contains', terms: [term] });
    const { engine: e } = engine([
      { id: 'all', when: { type: 'all', conditions: [subject('invoice'), subject('overdue')] } },
      { id: 'all-miss', when: { type: 'all', conditions: [subject('invoice'), subject('paid')] } },
      { id: 'any', when: { type: 'any', conditions: [subject('paid'), subject('overdue'), subject('invoice')] } },
      { id: 'not', when: { type: 'not', condition: subject('paid') } },
      { id: 'excepted', when: subject('invoice'), except: [{ type: 'address', field: 'sender', selector: { domains: ['external.example'] } }] },
      { id: 'not-excepted', when: subject('invoice'), except: [{ type: 'address', field: 'sender', selector: { domains: ['billing.example'] } }] },
    ]);
    const result = e.classify(await view({ subject: 'Invoice overdue' }));
    assert.deepEqual(result.hits.map((h) => h.ruleId), ['all', 'any', 'not', 'not-excepted']);
    // `any` reports every branch that held.
    assert.deepEqual(result.hits[1]?.evidence.map((ev) => ev.samples[0]), ['overdue', 'invoice']);
  });
});

describe('compileRuleSet verdicts', () => {
  const always: ConditionDef = { type: 'size', gt: 0 };

  it('sums spam scores, negative ones included, and calls spam at the threshold', async () => {
    const classify = async (scores: number[], threshold = 5): Promise<Classification> =>
      engine(scores.map((score, i) => ({ id: `s${i}`, score, when: always })), { spamThreshold: threshold }).engine.classify(await view());
    const exact = await classify([2.1, 2.9]);
    assert.deepEqual(exact.spam, { score: 5, threshold: 5, verdict: 'spam' });
    assert.deepEqual((await classify([4, 3, -2.5])).spam, { score: 4.5, threshold: 5, verdict: 'ham' });
    assert.equal((await classify([1], 1)).spam.verdict, 'spam');
    const none = await classify([]);
    assert.equal(none.status, 'classified');
    assert.deepEqual(none.spam, { score: 0, threshold: 5, verdict: 'ham' });
    assert.equal(none.disposition, 'deliver');
  });

  it('reports the highest DLP severity, deduplicated tags and the strongest disposition with its detail', async () => {
    const { engine: e } = engine([
      { id: 'low', severity: 'low', when: always, actions: [{ action: 'tag', tag: 'pii' }, { action: 'redirect', to: 'dpo@internal.example' }] },
      { id: 'high', severity: 'high', when: always, actions: [{ action: 'tag', tag: 'pii' }, { action: 'quarantine' }] },
      { id: 'medium', severity: 'medium', when: always, actions: [{ action: 'incident' }, { action: 'tag', tag: 'pci' }] },
      { id: 'spam-reject', score: 1, when: always, actions: [{ action: 'reject', text: '550 5.7.1 No' }] },
      { id: 'spam-reject-later', score: 1, when: always, actions: [{ action: 'reject', text: '550 5.7.1 Later' }] },
    ]);
    const result = e.classify(await view({ attachments: [{ name: 'a.pdf', type: 'application/pdf', text: 'x' }] }));
    assert.equal(result.dlp.severity, 'high');
    assert.deepEqual(result.tags, ['pii', 'pci']);
    assert.equal(result.disposition, 'reject');
    assert.equal(result.dispositionDetail, '550 5.7.1 No');
    assert.deepEqual(result.hits.map((h) => [h.ruleId, h.kind, h.pack, h.description, h.severity ?? h.score]), [
      ['low', 'dlp', 'test-dlp', 'rule low', 'low'], ['high', 'dlp', 'test-dlp', 'rule high', 'high'], ['medium', 'dlp', 'test-dlp', 'rule medium', 'medium'],
      ['spam-reject', 'spam', 'test-spam', 'rule spam-reject', 1], ['spam-reject-later', 'spam', 'test-spam', 'rule spam-reject-later', 1],
    ]);
    assert.deepEqual(result.attachments, [{ name: 'a.pdf', detectedType: 'application/pdf', status: 'extracted' }]);
    const redirectOnly = engine([{ id: 'r', severity: 'low', when: always, actions: [{ action: 'redirect', to: 'dpo@internal.example' }] }]).engine.classify(await view());
    assert.deepEqual([redirectOnly.disposition, redirectOnly.dispositionDetail], ['redirect', 'dpo@internal.example']);
  });

  it('throws when a rule fails, naming the rule, instead of returning a clean result', async () => {
    const { engine: e } = engine([
      { id: 'fine', when: always },
      { id: 'crashes', severity: 'high', when: { type: 'detector', detector: 'broken', minConfidence: 'low', minCount: 1, maxCount: null, in: ['body'], ignoreTestValues: false } },
    ]);
    const v = await view({ body: 'anything' });
    assert.throws(() => e.classify(v), (error: unknown) => {
      assert.ok(error instanceof RuleEvaluationError);
      assert.equal(error.ruleId, 'crashes');
      assert.match(error.message, /rule crashes failed: detector crashed/);
      return true;
    });
  });

  it('refuses to compile a rule naming a detector the registry lacks', () => {
    assert.throws(() => engine([{ id: 'ghost', severity: 'low', when: { type: 'detector', detector: 'ghost', minConfidence: 'low', minCount: 1, maxCount: null, in: ['body'], ignoreTestValues: false } }]), /rule ghost failed: unknown detector "ghost"/);
  });
});
