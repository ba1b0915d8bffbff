import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import PDFDocument from 'pdfkit';
import type { SearchResult } from '../../src/archive/archive-index.js';
import { createSqliteTokenStore } from '../../src/auth/sqlite-token-store.js';
import type { Classification } from '../../src/domain/classification.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { Incident, IncidentPage } from '../../src/incidents/incident-store.js';
import { startHarness, type Harness } from '../support/embedded-harness.js';
import { smtpClient } from '../support/smtp-client.js';
import { tempDir } from '../support/temp-dir.js';
import { SITE_RULE } from '../support/site-rule.js';

const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
/** Luhn-valid, not a published test number. */
const CARD = '4556 7375 8689 9855';
const AWS_KEY_ID = 'AKIAQ3EGUZ7VZJ4XKM2P';
const AWS_SECRET = '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';

function pdfWith(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}


describe('spam and DLP rules classify mail on its way into the archive', () => {
  let harness: Harness;
  let officer: string;
  const site = tempDir('site-rules');
  const search = async (q: string) => (await harness.api<SearchResult>(`/messages?q=${encodeURIComponent(q)}&limit=100`)).body;
  const subjects = async (q: string) => (await search(q)).hits.map((hit) => hit.subject).sort();
  const asOfficer = (path: string, init: RequestInit = {}) =>
    fetch(`${harness.appliance.apiUrl}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' } });
  const adminPost = (path: string) => fetch(`${harness.appliance.apiUrl}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${harness.token}` } });

  before(async () => {
    mkdirSync(join(site.path, 'dlp'));
    writeFileSync(join(site.path, 'dlp', 'site.yaml'), SITE_RULE('bluefalcon'));
    harness = await startHarness({
      CUSTODIAN_RULES__INTERNAL_DOMAINS: '[example.com]',
      CUSTODIAN_RULES__DKIM__VERIFY: 'false',
      CUSTODIAN_RULES__SITE_DIRECTORY: site.path,
    });
    const db = openDatabase(join(harness.dataDir, 'custodian.db'));
    officer = (await createSqliteTokenStore(db).create('Olivia Officer', 'officer')).token;
    db.close();

    const client = smtpClient({ port: harness.appliance.smtpPort });
    const send = (subject: string, text: string, attachments: Array<{ filename: string; content: Buffer }> = []) =>
      client.sendMail({ from: 'alice@example.com', to: 'bob@partner.example', subject, text, attachments });
    await send('test spam', `This is spam: ${GTUBE}`);
    await send('card details', `Here is the company card: ${CARD}, CVV 123, expires 09/28.`);
    await send('deploy keys', 'Keys for the build server attached.', [{ filename: 'keys.pdf', content: await pdfWith(`aws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\nrotate quarterly`) }]);
    await send('lunch', 'Shall we have lunch on Friday? The usual place.');
    await send('codename', 'The bluefalcon launch moves to May.');
    client.close();
    await harness.drained();
  });
  after(async () => {
    await harness.stop();
    site.remove();
  });

  it('finds spam by verdict and score', async () => {
    assert.deepEqual(await subjects('spam:yes'), ['test spam']);
    assert.deepEqual(await subjects('score>=5'), ['test spam']);
    assert.ok((await subjects('spam:no')).includes('lunch'));
  });

  it('finds DLP hits by detector, severity and rule, including text inside a PDF attachment', async () => {
    assert.deepEqual(await subjects('dlp:credit-card'), ['card details']);
    assert.deepEqual(await subjects('dlp:aws-access-key-id'), ['deploy keys']);
    assert.deepEqual(await subjects('rotate quarterly'), ['deploy keys'], 'the PDF text is in the full-text index');
    assert.deepEqual(await subjects('rule:site-codename'), ['codename']);
    assert.deepEqual(await subjects('tag:codename'), ['codename']);
    assert.ok((await subjects('dlp-severity>=medium')).includes('card details'));
    assert.deepEqual(await subjects('dlp:credit-card OR dlp:aws-access-key-id OR spam:yes OR rule:site-codename'), ['card details', 'codename', 'deploy keys', 'test spam']);
    assert.ok(!(await subjects('dlp:credit-card')).includes('lunch'));
  });

  it('keeps the verdict with its evidence on the message, redacted', async () => {
    const [hit] = (await search('dlp:credit-card')).hits;
    assert.ok(hit);
    const body = (await harness.api<{ document: { classification: Classification } }>(`/messages/${hit.id}`)).body;
    const classification = body.document.classification;
    const text = JSON.stringify(classification);
    assert.equal(classification.status, 'classified');
    const card = classification.hits.find((h) => h.evidence.some((e) => e.detector === 'credit-card'));
    assert.ok(card, 'a rule fired on the card');
    assert.ok(card.evidence.some((e) => e.samples.some((sample) => sample.endsWith('9855'))), 'the last four digits are shown');
    assert.ok(!text.replace(/\s/g, '').includes(CARD.replace(/\s/g, '')), 'the full number is never stored in the verdict');
  });

  it('records the PDF attachment as extracted', async () => {
    const [hit] = (await search('dlp:aws-access-key-id')).hits;
    assert.ok(hit);
    const body = (await harness.api<{ document: { classification: Classification } }>(`/messages/${hit.id}`)).body;
    assert.deepEqual(body.document.classification.attachments.map((a) => [a.name, a.detectedType, a.status]), [['keys.pdf', 'application/pdf', 'extracted']]);
  });

  it('opens incidents that an officer reviews, with every change audited', async () => {
    const page = (await (await asOfficer('/incidents?status=open')).json()) as IncidentPage;
    const cardIncident = page.incidents.find((incident) => incident.evidence.some((e) => e.detector === 'credit-card'));
    assert.ok(cardIncident, 'the card message raised an incident');
    assert.ok(page.incidents.some((incident) => incident.evidence.some((e) => e.detector === 'aws-access-key-id')));
    const patched = await asOfficer(`/incidents/${cardIncident.id}`, { method: 'PATCH', body: JSON.stringify({ version: cardIncident.version, status: 'reviewed', note: 'card of the travel desk; agreed with finance' }) });
    assert.equal(patched.status, 200);
    const updated = (await patched.json()) as Incident;
    assert.equal(updated.status, 'reviewed');
    assert.equal(updated.reviewer, 'Olivia Officer');
    const stale = await asOfficer(`/incidents/${cardIncident.id}`, { method: 'PATCH', body: JSON.stringify({ version: cardIncident.version, status: 'dismissed' }) });
    assert.equal(stale.status, 409, 'a second reviewer working from an old version does not overwrite the first');
    const audit = (await harness.api<{ records: Array<{ action: string; actor: string }> }>('/audit?limit=1000')).body.records;
    assert.ok(audit.some((entry) => entry.action.startsWith('incident') && entry.actor === 'Olivia Officer'));
  });

  it('reloads rules on request, refusing a broken file and keeping the rules in force', async () => {
    const before = (await harness.api<{ version: string }>('/rules')).body.version;
    writeFileSync(join(site.path, 'dlp', 'site.yaml'), 'kind: dlp\nrules:\n  - id: broken\n    severity: extreme\n');
    const refused = await adminPost('/rules/reload');
    assert.equal(refused.status, 422);
    const problems = ((await refused.json()) as { error: { details: { errors: Array<{ file: string; line: number | null; message: string }> } } }).error.details.errors;
    assert.ok(problems.some((p) => p.file.endsWith('site.yaml') && p.line === 4 && /severity/.test(p.message)), 'the problem is named with its file and line');
    assert.equal((await harness.api<{ version: string }>('/rules')).body.version, before);

    writeFileSync(join(site.path, 'dlp', 'site.yaml'), SITE_RULE('redheron'));
    const reloaded = await adminPost('/rules/reload');
    assert.equal(reloaded.status, 200);
    const after = (await harness.api<{ version: string }>('/rules')).body.version;
    assert.notEqual(after, before);

    const client = smtpClient({ port: harness.appliance.smtpPort });
    await client.sendMail({ from: 'alice@example.com', to: 'bob@partner.example', subject: 'new codename', text: 'redheron is the new name.' });
    client.close();
    await harness.drained();
    assert.deepEqual(await subjects('rule:site-codename'), ['codename', 'new codename'], 'the old message keeps its verdict; the new one gets the new rules');
    const newest = (await search('subject:"new codename"')).hits[0];
    assert.ok(newest);
    const body = (await harness.api<{ document: { classification: Classification } }>(`/messages/${newest.id}`)).body;
    assert.equal(body.document.classification.rulesVersion, after);
  });
});
