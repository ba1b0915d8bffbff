import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPromise } from 'yauzl';
import type { SearchResult } from '../../src/archive/archive-index.js';
import { createSqliteTokenStore } from '../../src/auth/sqlite-token-store.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { CaseCounts, CaseEvent, SavedSearch } from '../../src/discovery/case-review/case-review.js';
import type { ExportRecord } from '../../src/discovery/export/export-store.js';
import { verifyExport } from '../../src/discovery/export/verify-export.js';
import type { ReportRun } from '../../src/reports/report-run.js';
import { verifyDetachedReportSignature } from '../../src/reports/signed-report-file.js';
import { verifyReportPdf } from '../../src/reports/verify-report.js';
import { until } from '../support/deferred.js';
import { startHarness, type Harness } from '../support/embedded-harness.js';
import { smtpClient, wireForm } from '../support/smtp-client.js';
import { tempDir } from '../support/temp-dir.js';
import { testEnvelope } from '../support/test-envelope.js';

const CLI = new URL('../../src/cli.js', import.meta.url).pathname;
const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/mail/journal/${name}`, import.meta.url));
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const JOURNAL = 'journal@archive.example';
const ARCHIVE = 'archive@archive.example';
const APPLIANCE_NAME = 'custodian-e2e.example';
const OFFICER = 'Olivia Officer';
const CUSTODIANS = ['alice@contoso.com', 'ivan@contoso.com'];
const SAVED_QUERY = 'from:alice@contoso.com';
const MBOX_QUERY = 'participants:ivan@contoso.com OR subject:lunch';
const NOTE = 'Privileged: counsel asked for the Q2 figures only';
const CASE_NAME = 'Contoso v. Northwind — Отчёт о продажах · 東京会議';

/** Real journal reports and BCC copies, with the envelopes their servers would use. */
const FIXTURES: Array<{ file: string; from: string; to: string[] }> = [
  { file: 'exchange-plain.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-non-ascii-subject.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-bcc.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-forwarded.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-html-report.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'postfix-bcc-copy.eml', from: 'bob@example.org', to: ['archive+alice=example.com@archive.example'] },
  { file: 'google-bcc-copy.eml', from: 'erin@partner.example', to: [ARCHIVE] },
];

const b64 = (text: string) => `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
const CYRILLIC_SUBJECT = 'Отчёт о продажах за второй квартал';
const CJK_SUBJECT = '会議の議事録 第三四半期';

/** A message composed here (8-bit UTF-8 body, lines that mboxrd must quote), sent as a BCC copy to the archive. */
function composed(from: string, to: string, subject: string, date: string, id: string, body: string): Buffer {
  return Buffer.from(
    [
      `From: ${from}`, `To: ${to}`, `Subject: ${b64(subject)}`, `Date: ${date}`, `Message-ID: <${id}>`,
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', body, '',
    ].join('\r\n'),
    'utf8',
  );
}
const CYRILLIC = composed(
  `${b64('Иван Петров')} <ivan@contoso.com>`, 'Alice Archer <alice@contoso.com>', CYRILLIC_SUBJECT, 'Tue, 2 Jul 2024 10:00:00 +0000', 'cyrillic-q2@contoso.com',
  'Алиса, цифры во вложении.\r\nFrom the desk of Ivan: figures attached.\r\n>From here on, quoted.\r\n>>From twice quoted.',
);
const CJK = composed(
  'Olga <olga@contoso.com>', 'ivan@contoso.com', CJK_SUBJECT, 'Wed, 3 Jul 2024 08:30:00 +0000', 'cjk-minutes@contoso.com',
  '議事録を添付します。\r\nFrom Tokyo with thanks.',
);

/**
 * Runs the CLI without blocking this process's event loop: the appliance under test runs in this
 * process and keeps serving (and its database keeps committing) while the CLI works beside it.
 */
function runCli(args: string[], env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

/** Text of a PDF, as `pdftotext -layout` lays it out. */
function pdfText(path: string): string {
  const result = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

/** Dark pixels (below mid-grey) on page 1 rendered at 40 dpi in grey, and the page's pixel count. */
function darkPixelsOnPageOne(path: string): { dark: number; pixels: number } {
  const result = spawnSync('pdftoppm', ['-r', '40', '-gray', '-f', '1', '-l', '1', path], { maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, result.stderr?.toString());
  const pgm = result.stdout;
  // Binary PGM: "P5", width, height, maxval, each followed by whitespace, then width*height bytes.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  assert.ok(header, 'pdftoppm -gray writes a binary PGM');
  const [, width, height, maxval] = header.map(Number) as [number, number, number, number];
  assert.equal(maxval, 255);
  const pixels = pgm.subarray(header[0].length);
  assert.equal(pixels.length, width * height);
  let dark = 0;
  for (const value of pixels) if (value < 128) dark += 1;
  return { dark, pixels: pixels.length };
}

/** The lines of `text` from the line after `start` up to (not including) the first line matching `end`. */
function section(text: string, start: RegExp, end: RegExp): string {
  const lines = text.split('\n');
  const from = lines.findIndex((line) => start.test(line));
  assert.ok(from >= 0, `no line matches ${String(start)}`);
  const to = lines.findIndex((line, i) => i > from && end.test(line));
  return lines.slice(from + 1, to < 0 ? undefined : to).join('\n');
}

/** Splits an mboxrd file independently of the product's reader: `From ` lines separate, one `>` comes off quoted `From ` lines. */
function splitMbox(bytes: Buffer): Buffer[] {
  const text = bytes.toString('latin1');
  assert.ok(text.startsWith('From '), 'an mbox starts with a From line');
  const messages: Buffer[] = [];
  for (const chunk of text.split(/\n(?=From )/).map((part, i, all) => (i < all.length - 1 ? `${part}\n` : part))) {
    const body = chunk.slice(chunk.indexOf('\n') + 1);
    assert.ok(body.endsWith('\n\n') || body.endsWith('\r\n\n'), 'each message ends with the empty separator line');
    messages.push(Buffer.from(body.slice(0, -1).replace(/^>(>*From )/gm, '$1'), 'latin1'));
  }
  return messages;
}

/** Every entry of a ZIP with its bytes. */
async function unzip(path: string): Promise<Map<string, Buffer>> {
  const zip = await openPromise(path, { lazyEntries: true, autoClose: true });
  const entries = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return entries;
}

describe('an officer runs a case from journaled mail to a verified production and signed reports', () => {
  let harness: Harness;
  let officer: string;
  let auditor: string;
  let publicKeyPem: string;
  const work = tempDir('discovery');
  const testStart = new Date();
  const periodFrom = new Date(testStart.getTime() - 60 * 60 * 1000).toISOString();
  let periodTo: string;
  const ids = { quarterly: '', cyrillic: '', cjk: '' };

  const call = async <T>(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${harness.appliance.apiUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
  };
  const asOfficer = <T>(method: string, path: string, body?: unknown) => call<T>(officer, method, path, body);
  const download = async (token: string, path: string): Promise<{ bytes: Buffer; headers: Headers }> => {
    const response = await fetch(`${harness.appliance.apiUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200, `GET ${path}: ${response.status}`);
    return { bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  };
  /** Archive ids of every hit of an archive-wide search (admin token, so the officer's own searches stay countable). */
  const searchIds = async (q: string): Promise<Set<string>> => {
    const { body } = await harness.api<SearchResult>(`/messages?q=${encodeURIComponent(q)}&limit=1000`);
    assert.ok(body.total < 1000);
    return new Set(body.hits.map((hit) => hit.id));
  };
  const waitForExport = async (id: string): Promise<ExportRecord> => {
    let record: ExportRecord | null = null;
    await until(async () => {
      record = (await asOfficer<ExportRecord>('GET', `/exports/${id}`)).body;
      assert.ok(!['failed', 'cancelled'].includes(record.status), `export ${id} ended ${record.status}: ${record.error}`);
      return record.status === 'completed';
    }, 30_000, 50);
    return record as unknown as ExportRecord;
  };
  const waitForRun = async (token: string, id: string): Promise<ReportRun> => {
    let run: ReportRun | null = null;
    await until(async () => {
      run = (await call<ReportRun>(token, 'GET', `/report-runs/${id}`)).body;
      assert.notEqual(run.state, 'failed', `report run ${id} failed: ${run.error}`);
      return run.state === 'done';
    }, 30_000, 50);
    return run as unknown as ReportRun;
  };
  /** Downloads every file of a completed export into its own directory; returns that directory. */
  const downloadExport = async (record: ExportRecord): Promise<string> => {
    const dir = join(work.path, record.id);
    mkdirSync(dir);
    for (const file of record.files) {
      const { bytes, headers } = await download(officer, `/exports/${record.id}/files/${file.name}`);
      assert.equal(sha256(bytes), file.sha256, `${file.name} arrives as the custody record lists it`);
      assert.equal(headers.get('x-content-sha256'), file.sha256);
      writeFileSync(join(dir, file.name), bytes);
    }
    return dir;
  };

  before(async () => {
    harness = await startHarness({
      CUSTODIAN_SMTP__ARCHIVE_ADDRESSES: `[${JOURNAL}, ${ARCHIVE}]`,
      CUSTODIAN_REPORTS__APPLIANCE_NAME: APPLIANCE_NAME,
    });
    const db = openDatabase(join(harness.dataDir, 'custodian.db'));
    const tokens = createSqliteTokenStore(db);
    officer = (await tokens.create(OFFICER, 'officer')).token;
    auditor = (await tokens.create('Arthur Auditor', 'auditor')).token;
    db.close();
    // The appliance key as `custodian proof public-key` gives it: the SPKI of the key in the data directory.
    const privatePem = readFileSync(join(harness.dataDir, 'keys', 'appliance-ed25519.pem'), 'utf8');
    publicKeyPem = createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' }).toString();
    writeFileSync(join(work.path, 'appliance.pub.pem'), publicKeyPem);

    const client = smtpClient({ port: harness.appliance.smtpPort });
    for (const d of FIXTURES) {
      assert.match(await client.send(fixture(d.file), { from: d.from, to: d.to }), /^250 /);
    }
    for (const raw of [CYRILLIC, CJK]) {
      const envelope = testEnvelope(new Date().toISOString(), { rcptTo: [ARCHIVE] });
      assert.match(await client.send(raw, { from: envelope.mailFrom, to: envelope.rcptTo }), /^250 /);
    }
    client.close();
    ids.cyrillic = sha256(wireForm(CYRILLIC));
    ids.cjk = sha256(wireForm(CJK));
    // Searchable, asked of the API: the queue has run dry (GET /queue is not audited), then search sees every message.
    await harness.drained(60_000);
    await until(async () => (await harness.api<SearchResult>('/messages?limit=100')).body.total === FIXTURES.length + 2, 10_000, 50);
    const [quarterly] = [...(await searchIds('subject:"Quarterly numbers"'))];
    assert.ok(quarterly);
    ids.quarterly = quarterly;
  });
  after(async () => {
    await harness?.stop();
    work.remove();
  });

  let caseId: string;
  let savedSearch: SavedSearch;
  let counts: CaseCounts;
  let caseMessages: Set<string>;

  it('finds the composed Cyrillic and CJK messages by their words and under the id of their bytes', async () => {
    assert.deepEqual([...(await searchIds('Отчёт'))], [ids.cyrillic]);
    // FTS5's unicode61 tokenizer keeps a run of CJK characters as one token: the run is the word.
    assert.deepEqual([...(await searchIds('会議の議事録'))], [ids.cjk]);
    assert.deepEqual([...(await searchIds(`subject:"${CJK_SUBJECT}"`))], [ids.cjk]);
    const raw = await download(harness.token, `/messages/${ids.cyrillic}/raw`);
    assert.equal(sha256(raw.bytes), ids.cyrillic);
  });

  it('opens a case with custodians, places a hold, saves a search, tags and notes, and the timeline lists each step', async () => {
    const opened = await asOfficer<{ id: string; custodians: string[] }>('POST', '/cases', {
      name: CASE_NAME, description: 'Sales figures shared outside the company', custodians: CUSTODIANS,
    });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    caseId = opened.body.id;
    assert.deepEqual(opened.body.custodians, CUSTODIANS);
    assert.equal((await asOfficer('POST', `/cases/${caseId}/holds`, { reason: 'Preservation letter from Northwind counsel' })).status, 201);

    const inCase = await asOfficer<SearchResult>('GET', `/cases/${caseId}/messages?q=${encodeURIComponent(SAVED_QUERY)}&limit=1000`);
    assert.equal(inCase.status, 200);
    const saved = await asOfficer<SavedSearch>('POST', `/cases/${caseId}/searches`, { query: SAVED_QUERY });
    assert.equal(saved.status, 201);
    savedSearch = saved.body;
    assert.equal(savedSearch.hitCount, inCase.body.total, 'the saved hit count is what the search finds');
    assert.ok(savedSearch.hitCount >= 5);

    const tagged = await asOfficer<{ items: Array<{ messageId: string; tags: string[] }> }>('POST', `/cases/${caseId}/review-tags`, {
      messageIds: [ids.quarterly, ids.cyrillic], tag: 'responsive', action: 'add',
    });
    assert.equal(tagged.status, 200, JSON.stringify(tagged.body));
    assert.deepEqual(tagged.body.items.map((i) => [i.messageId, i.tags]).sort(), [[ids.quarterly, ['responsive']], [ids.cyrillic, ['responsive']]].sort());
    const outside = [...(await searchIds('subject:lunch'))];
    assert.equal((await asOfficer('POST', `/cases/${caseId}/review-tags`, { messageIds: outside, tag: 'responsive', action: 'add' })).status, 400, 'a message outside the case cannot be tagged in it');
    assert.equal((await asOfficer('POST', `/cases/${caseId}/notes`, { text: NOTE })).status, 201);

    const timeline = (await asOfficer<{ items: CaseEvent[] }>('GET', `/cases/${caseId}/timeline`)).body.items;
    assert.deepEqual(timeline.map((e) => e.action), ['case.create', 'hold.place', 'search.save', 'tag.add', 'note.add']);
    assert.ok(timeline.every((e) => e.actor === OFFICER));
    assert.equal(timeline[2]?.detail.hitCount, savedSearch.hitCount);
  });

  it('counts the case by custodian, month and review tag as the archive-wide search does', async () => {
    const got = await call<CaseCounts>(auditor, 'GET', `/cases/${caseId}/counts`);
    assert.equal(got.status, 200);
    counts = got.body;
    const perCustodian = await Promise.all(CUSTODIANS.map(async (c) => [c, await searchIds(`participants:${c}`)] as const));
    caseMessages = new Set(perCustodian.flatMap(([, set]) => [...set]));
    assert.equal(counts.total, caseMessages.size);
    assert.deepEqual(
      counts.byCustodian.map((c) => [c.key, c.count]).sort(),
      perCustodian.map(([c, set]) => [c, set.size]).sort(),
    );
    assert.ok(caseMessages.has(ids.cyrillic) && caseMessages.has(ids.cjk) && caseMessages.has(ids.quarterly));
    assert.deepEqual(counts.byReviewTag.map((t) => [t.key, t.count]).sort(), [['(untagged)', counts.total - 2], ['responsive', 2]]);
    assert.deepEqual(counts.byMonth.map((m) => m.key), ['2024-06', '2024-07']);
    assert.equal(counts.byMonth.find((m) => m.key === '2024-07')?.count, 2);
  });

  let emlExport: ExportRecord;
  let mboxExport: ExportRecord;

  it('exports the responsive messages as an EML ZIP that verifies and unzips to exactly the tagged originals', async () => {
    const requested = await asOfficer<ExportRecord>('POST', '/exports', { format: 'eml-zip', caseId, reviewTag: 'responsive' });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    emlExport = await waitForExport(requested.body.id);
    assert.equal(emlExport.total, 2);
    const dir = await downloadExport(emlExport);

    const seen: string[] = [];
    const verification = await verifyExport(dir, { publicKeyPem, onMessage: (m) => seen.push(m.sha256) });
    assert.deepEqual(verification.findings, []);
    assert.ok(verification.ok && verification.signatureChecked);
    assert.equal(verification.messagesChecked, 2);
    assert.deepEqual(seen.sort(), [ids.quarterly, ids.cyrillic].sort());

    const audit = (await harness.api<{ records: Array<{ action: string; actor: string; detail: { exportId?: string; file?: string; sha256?: string } }> }>('/audit?limit=1000')).body.records;
    for (const file of emlExport.files) {
      assert.ok(
        audit.some((r) => r.action === 'export.download' && r.actor === OFFICER && r.detail.exportId === emlExport.id && r.detail.file === file.name && r.detail.sha256 === file.sha256),
        `the download of ${file.name} is audited with its SHA-256`,
      );
    }

    const entries = await unzip(join(dir, 'export.zip'));
    const messages = [...entries].filter(([name]) => name.startsWith('messages/'));
    for (const [name, bytes] of messages) assert.equal(`messages/${sha256(bytes)}.eml`, name, 'each entry is named by the SHA-256 of its bytes');
    assert.deepEqual(messages.map(([, bytes]) => sha256(bytes)).sort(), [ids.quarterly, ids.cyrillic].sort());
    for (const id of messages.map(([, bytes]) => sha256(bytes))) assert.ok(caseMessages.has(id), 'every exported message is a search hit of the case');
  });

  it('exports a query as one mbox that verifies and splits back into exactly the query hits, byte for byte', async () => {
    const requested = await asOfficer<ExportRecord>('POST', '/exports', { format: 'mbox', query: MBOX_QUERY });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    mboxExport = await waitForExport(requested.body.id);
    const hits = await searchIds(MBOX_QUERY);
    assert.equal(mboxExport.total, hits.size);
    assert.ok(hits.has(ids.cyrillic) && hits.has(ids.cjk) && hits.size >= 4);
    const dir = await downloadExport(mboxExport);

    const verification = await verifyExport(dir, { publicKeyPem });
    assert.deepEqual(verification.findings, []);
    assert.ok(verification.ok && verification.signatureChecked);
    assert.equal(verification.messagesChecked, hits.size);

    const mbox = readFileSync(join(dir, 'export.mbox'));
    assert.match(mbox.toString('latin1'), /^>From the desk of Ivan/m, 'a body line starting "From " is quoted');
    assert.match(mbox.toString('latin1'), /^>>>From twice quoted/m);
    const split = splitMbox(mbox).map((bytes) => sha256(bytes));
    assert.deepEqual([...split].sort(), [...hits].sort());
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { messages: Array<{ archiveId: string; sha256: string; messageId: string | null }> };
    assert.deepEqual(manifest.messages.map((m) => m.sha256), split, 'the manifest lists the messages in mbox order');
    assert.ok(manifest.messages.some((m) => m.messageId === 'cyrillic-q2@contoso.com'));
  });

  let caseRun: ReportRun;

  it('renders the case report whose numbers match the API, with a non-blank first page and valid signatures', async () => {
    periodTo = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const requested = await asOfficer<ReportRun>('POST', '/reports/case/runs', { from: periodFrom, to: periodTo, caseId });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    caseRun = await waitForRun(officer, requested.body.id);
    const { bytes: pdf, headers } = await download(officer, `/report-runs/${caseRun.id}/file`);
    assert.equal(sha256(pdf), caseRun.sha256);
    assert.equal(headers.get('x-report-sha256'), caseRun.sha256);
    const path = join(work.path, 'case.pdf');
    writeFileSync(path, pdf);

    const text = pdfText(path);
    writeFileSync(join(work.path, 'case.txt'), text);
    assert.match(text, /E-discovery case report/);
    assert.match(text, new RegExp(APPLIANCE_NAME.replaceAll('.', '\\.')));
    assert.match(text, /Generated by\s+Olivia Officer/);
    assert.match(text, new RegExp(`Case\\s+${CASE_NAME.replace(/[.·]/g, '.')}`), 'the Cyrillic and CJK case name comes back out of the PDF text');
    const fonts = spawnSync('pdffonts', [path], { encoding: 'utf8' });
    assert.equal(fonts.status, 0, fonts.stderr);
    const embedded = fonts.stdout.split('\n').filter((line) => /Noto/.test(line));
    assert.ok(embedded.some((line) => /NotoSans(SC|-SC|SansSC)|NotoSansSC/i.test(line)), `a CJK Noto font is embedded:\n${fonts.stdout}`);
    assert.ok(embedded.every((line) => /\byes\s+yes\s+yes\b/.test(line)), 'every font is embedded, subset, with a ToUnicode map');
    const figures = section(text, /^\s*The case\s*$/, /^\s*Custodians\s*$/);
    assert.match(figures, new RegExp(`Messages in scope\\s+${counts.total}\\b`));
    assert.match(figures, /Custodians\s+2\b/);
    assert.match(figures, /Saved searches\s+1\b/);
    assert.match(figures, /Exports completed\s+1\b/, 'the EML ZIP is the case\'s one export; the mbox was of a query');

    const custodians = section(text, /^\s*Custodians\s*$/, /Messages in scope by month/);
    const chart = section(text, /^\s*Messages per month\s*$/, /^\s*Legal holds\s*$/);
    for (const month of counts.byMonth) {
      assert.match(chart, new RegExp(month.key), `the chart has a bar for ${month.key}`);
      assert.match(chart, new RegExp(`^\\s+${month.count}\\s*$`, 'm'), `labelled ${month.count}`);
    }
    for (const c of counts.byCustodian) assert.match(custodians, new RegExp(`${c.key.replaceAll('.', '\\.')}\\s+${c.count}\\s*$`, 'm'), `${c.key} has ${c.count} messages`);

    const searches = section(text, /^\s*Searches\s*$/, /^\s*Review tags\s*$/);
    assert.match(searches, new RegExp(`${SAVED_QUERY.replaceAll('.', '\\.')}\\s+${savedSearch.hitCount}\\s*$`, 'm'));

    const tags = section(text, /^\s*Review tags\s*$/, /^\s*Exports\s*$/);
    assert.match(tags, /responsive\s+2\s*$/m);
    assert.match(tags, new RegExp(`\\(untagged\\)\\s+${counts.total - 2}\\s*$`, 'm'));

    const exportFile = emlExport.files.find((f) => f.name === 'export.zip');
    assert.ok(exportFile);
    // The hash wraps inside its cell, the table's last column: join the hex at the end of each
    // line. pdftotext may glue the neighbouring column's last character to a piece, so the 64
    // characters are looked for in the joined text rather than compared cell by cell.
    const exportRows = section(text, /SHA-256 of the file\(s\)\s*$/, /^\s*Timeline\s*$/).split('\n');
    const hashPieces = exportRows.map((line) => /([0-9a-f]+)\s*$/.exec(line)?.[1] ?? '').join('');
    assert.ok(hashPieces.includes(exportFile.sha256), `the exports table carries the SHA-256 of the ZIP as downloaded (${exportFile.sha256} in ${hashPieces})`);
    assert.match(exportRows[0] ?? '', new RegExp(`eml-zip\\s+${OFFICER}\\s+.*\\s${emlExport.total}\\s+[0-9a-f]`), 'with its format, requester and message count');
    assert.ok(!text.includes(NOTE) && !text.includes('counsel asked'), 'a note\'s text is never printed in the report');

    const { dark, pixels } = darkPixelsOnPageOne(path);
    assert.ok(dark > pixels * 0.005, `page 1 has ink (${dark} of ${pixels} pixels dark)`);
    assert.ok(dark < pixels * 0.5, 'page 1 is not a black page');

    const verification = await verifyReportPdf(pdf, publicKeyPem);
    assert.deepEqual(verification.problems, []);
    assert.equal(verification.statement?.caseId, caseId);
    assert.equal(verification.statement?.generatedBy, OFFICER);
    assert.equal(verification.statement?.appliance.name, APPLIANCE_NAME);
    assert.ok(verification.statement);
    assert.match(text, new RegExp(`Data SHA-256\\s+${verification.statement.dataSha256}`), 'the Verification page prints the data hash the signature covers');

    const signatureFile = JSON.parse((await download(officer, `/report-runs/${caseRun.id}/file.sig.json`)).bytes.toString('utf8')) as unknown;
    assert.deepEqual(verifyDetachedReportSignature(pdf, signatureFile, publicKeyPem), []);
    const altered = Buffer.from(pdf);
    const middle = Math.floor(altered.length / 2);
    altered[middle] = (altered[middle] ?? 0) ^ 0x01;
    assert.equal(verifyDetachedReportSignature(altered, signatureFile, publicKeyPem).length, 2, 'one flipped bit is caught by the hash and the signature');
  });

  it('records the exports and the report on the case timeline', async () => {
    const actions = (await call<{ items: CaseEvent[] }>(auditor, 'GET', `/cases/${caseId}/timeline`)).body.items.map((e) => e.action);
    assert.deepEqual(actions.slice(0, 5), ['case.create', 'hold.place', 'search.save', 'tag.add', 'note.add']);
    for (const action of ['export.request', 'export.complete', 'report.generate']) assert.ok(actions.includes(action), `${action} is on the timeline`);
  });

  it('renders the audit report with the officer\'s searches and exports as the audit trail records them', async () => {
    const requested = await call<ReportRun>(auditor, 'POST', '/reports/audit/runs', { from: periodFrom, to: periodTo });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    const run = await waitForRun(auditor, requested.body.id);
    const { bytes: pdf } = await download(auditor, `/report-runs/${run.id}/file`);
    const path = join(work.path, 'audit.pdf');
    writeFileSync(path, pdf);
    const verification = await verifyReportPdf(pdf, publicKeyPem);
    assert.deepEqual(verification.problems, []);
    assert.equal(verification.statement?.generatedBy, 'Arthur Auditor');

    const generatedAt = Date.parse(verification.statement?.generatedAt ?? '');
    const { body } = await harness.api<{ records: Array<{ action: string; actor: string; at: string }> }>('/audit?limit=1000');
    const before = body.records.filter((r) => Date.parse(r.at) >= Date.parse(periodFrom) && Date.parse(r.at) < generatedAt);
    const officerSearches = before.filter((r) => r.actor === OFFICER && r.action === 'search').length;
    const officerExports = before.filter((r) => r.actor === OFFICER && r.action === 'export.request').length;
    assert.ok(officerSearches >= 1);
    assert.equal(officerExports, 2);

    const text = pdfText(path);
    writeFileSync(join(work.path, 'audit.txt'), text);
    assert.match(text, /Audit report/);
    assert.match(text, /Generated by\s+Arthur Auditor/);
    const summary = section(text, /^\s*Summary\s*$/, /^\s*Unusual activity\s*$/);
    assert.match(summary, new RegExp(`Searches\\s+${before.filter((r) => r.action === 'search').length}\\s*$`, 'm'), 'every search in the period, as the audit trail lists them');
    assert.match(summary, /Exports\s+2\s*$/m);
    assert.match(summary, new RegExp(`Messages read\\s+${before.filter((r) => ['message.read', 'message.raw'].includes(r.action)).length}\\s*$`, 'm'));
    const byActor = section(text, /^\s*Activity by user\s*$/, /^\s*Activity by action\s*$/);
    const row = byActor.split('\n').find((line) => line.includes(OFFICER));
    assert.ok(row, 'the officer has a row');
    const [entries, searches, reads, exportsCount] = (row.slice(row.indexOf(OFFICER) + OFFICER.length).match(/\d[\d,]*/g) ?? []).map((n) => Number(n.replaceAll(',', '')));
    assert.equal(searches, officerSearches, 'searches the officer ran');
    assert.equal(exportsCount, officerExports, 'exports the officer requested');
    assert.equal(reads, before.filter((r) => r.actor === OFFICER && ['message.read', 'message.raw'].includes(r.action)).length);
    assert.equal(entries, before.filter((r) => r.actor === OFFICER).length);

    const exportsTable = section(text, /^\s*Exports\s*$/, /^\s*Deletions\s*$/);
    assert.match(exportsTable, new RegExp(`\\b${mboxExport.total}\\b`), 'the mbox export\'s message count');

    const { dark } = darkPixelsOnPageOne(path);
    assert.ok(dark > 0);
  });

  it('renders the audit report from the command line beside the running appliance, and the CLI verifies it', async () => {
    const env = { PATH: process.env.PATH ?? '', CUSTODIAN_DATA_DIR: harness.dataDir, CUSTODIAN_REPORTS__APPLIANCE_NAME: APPLIANCE_NAME, CUSTODIAN_LOG_LEVEL: 'error' };
    const out = join(work.path, 'cli-audit.pdf');
    const rendered = await runCli(['report', 'audit', '--from', periodFrom, '--to', periodTo, '--out', out], env);
    assert.equal(rendered.status, 0, rendered.stderr);
    assert.match(rendered.stderr, /wrote .*cli-audit\.pdf/);
    const verified = await runCli(['report', 'verify', out, '--public-key', join(work.path, 'appliance.pub.pem')], env);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /VERIFIED/);
    assert.match(verified.stdout, /report audit/);
    assert.match(pdfText(out), /Audit report/);
    const pdf = readFileSync(out);
    assert.deepEqual(verifyDetachedReportSignature(pdf, JSON.parse(readFileSync(`${out}.sig.json`, 'utf8')), publicKeyPem), []);

    const stranger = join(work.path, 'stranger.pub.pem');
    writeFileSync(stranger, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const refused = await runCli(['report', 'verify', out, '--public-key', stranger], env);
    assert.equal(refused.status, 1, 'another key does not verify it');
    assert.match(refused.stdout, /NOT VERIFIED/);
    const { body } = await harness.api<{ records: Array<{ action: string; actor: string; detail: { report?: string } }> }>('/audit?limit=1000');
    assert.ok(body.records.some((r) => r.action === 'report.generate' && r.actor.startsWith('cli:') && r.detail.report === 'audit'), 'the CLI run is audited with a cli: actor');
  });
});
