import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { CaseDetail, HeldMessagePage, Hold, LegalCase } from '../../holds/legal-holds.js';
import { caseReviewArchive, type CaseReviewArchive } from '../../discovery/case-review/test-support/case-review-archive.js';
import { auditRows as allAuditRows } from '../test-support/harness.js';
import { startRouterApi, type RouterRequest } from '../test-support/router-api.js';
import { createCasesRouter } from './cases.js';

interface CasesApi {
  archive: CaseReviewArchive;
  request: RouterRequest;
}

/** The cases router on a real archive, token store and audit log, with the app's role guard and error middleware. */
async function startCasesApi(t: TestContext): Promise<CasesApi> {
  const archive = caseReviewArchive(t);
  const { request } = await startRouterApi(t, archive.db, ({ audit, requireRole }) => [createCasesRouter({ holds: archive.holds, caseReview: archive.review, audit, requireRole })]);
  return { archive, request };
}

/** The audit rows of this router: the role guard's own `auth.*` entries are another area's. */
function auditRows(db: CaseReviewArchive['db']): ReturnType<typeof allAuditRows> {
  return allAuditRows(db).filter((row) => !row.action.startsWith('auth.'));
}

const CASE_BODY = { name: 'Acme v. Corp', description: 'supplier dispute', custodians: ['Carol@Corp.Example', 'carol@corp.example'] };

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

test('an officer opens a case, its custodians lower-cased, and the creation is audited with its criteria', async (t) => {
  const api = await startCasesApi(t);
  const res = await api.request('/cases', 'officer', { ...CASE_BODY, query: 'subject:merger', sentFrom: '2024-01-01T00:00:00Z' });
  assert.equal(res.status, 201);
  const created = (await res.json()) as LegalCase;
  assert.deepEqual(created.custodians, ['carol@corp.example']);
  assert.equal(created.createdBy, 'olga-officer');
  assert.equal(created.sentFrom, '2024-01-01T00:00:00.000Z');
  assert.deepEqual(auditRows(api.archive.db), [{
    actor: 'olga-officer', action: 'case.create',
    detail: {
      caseId: created.id, name: 'Acme v. Corp', description: 'supplier dispute', scope: 'criteria', custodians: ['carol@corp.example'],
      query: 'subject:merger', sentFrom: '2024-01-01T00:00:00Z', sentBefore: null,
    },
  }]);

  const list = await api.request('/cases', 'auditor');
  assert.deepEqual(((await list.json()) as { items: LegalCase[] }).items.map((c) => c.id), [created.id]);
  const one = await api.request(`/cases/${created.id}`, 'auditor');
  assert.deepEqual((await one.json()) as CaseDetail, { case: created, holds: [], heldMessageCount: 0 });
  assert.deepEqual(auditRows(api.archive.db).slice(1).map((r) => r.action), ['case.list', 'case.read']);
});

test('a case without criteria, with a bad query, or from a non-officer is refused and nothing is audited', async (t) => {
  const api = await startCasesApi(t);
  const noCriteria = await api.request('/cases', 'officer', { name: 'Everything?' });
  assert.equal(noCriteria.status, 400);
  assert.equal(await errorCode(noCriteria), 'invalid_request');
  const badQuery = await api.request('/cases', 'officer', { ...CASE_BODY, query: 'subject:(merger' });
  assert.equal(badQuery.status, 400);
  assert.equal(await errorCode(badQuery), 'query_syntax');
  assert.equal((await api.request('/cases', 'officer', { ...CASE_BODY, custodians: ['not an address'] })).status, 400);
  assert.equal((await api.request('/cases', 'auditor', CASE_BODY)).status, 403);
  assert.equal((await api.request('/cases', 'admin')).status, 403);
  assert.equal((await api.request('/cases', null)).status, 401);
  assert.deepEqual(auditRows(api.archive.db), []);
  const everything = await api.request('/cases', 'officer', { name: 'Everything', scope: 'all' });
  assert.equal(everything.status, 201, 'scope all is accepted when said explicitly');
});

test('a hold is placed, its messages listed page by page, and released with a reason, each step audited', async (t) => {
  const api = await startCasesApi(t);
  const { archive } = api;
  const ids: string[] = [];
  for (let n = 0; n < 3; n++) ids.push(await archive.record({ name: `m${n}`, addresses: [{ field: 'bcc', address: 'carol@corp.example', name: '' }] }));
  const created = (await (await api.request('/cases', 'officer', CASE_BODY)).json()) as LegalCase;

  assert.equal((await api.request(`/cases/${created.id}/holds`, 'officer', {})).status, 400, 'a hold needs a reason');
  const placed = await api.request(`/cases/${created.id}/holds`, 'officer', { reason: 'complaint served' });
  assert.equal(placed.status, 201);
  const hold = (await placed.json()) as Hold;
  assert.equal(hold.reason, 'complaint served');
  assert.equal((await archive.holds.heldAmong(ids)).size, 3, 'in force as soon as it is placed');
  await archive.holds.idle();

  const detail = (await (await api.request(`/cases/${created.id}`, 'officer')).json()) as CaseDetail;
  assert.equal(detail.heldMessageCount, 3);
  assert.deepEqual(detail.holds.map((h) => h.id), [hold.id]);
  const first = (await (await api.request(`/holds/${hold.id}/messages?limit=2`, 'auditor')).json()) as HeldMessagePage;
  const second = (await (await api.request(`/holds/${hold.id}/messages?limit=2&after=${first.nextCursor}`, 'auditor')).json()) as HeldMessagePage;
  assert.deepEqual([...first.ids, ...second.ids], [...ids].sort());
  assert.equal(second.nextCursor, null);

  assert.equal((await api.request(`/holds/${hold.id}/release`, 'officer', { reason: ' ' })).status, 400, 'a release needs a reason');
  assert.equal((await api.request(`/holds/${hold.id}/release`, 'auditor', { reason: 'settled' })).status, 403);
  const released = await api.request(`/holds/${hold.id}/release`, 'officer', { reason: 'settled' });
  assert.equal(released.status, 200);
  assert.equal(((await released.json()) as Hold).releaseReason, 'settled');
  assert.equal((await archive.holds.heldAmong(ids)).size, 0);
  const again = await api.request(`/holds/${hold.id}/release`, 'officer', { reason: 'settled twice' });
  assert.equal(again.status, 409, 'a second release is refused: the first reason stands');

  const changes = auditRows(archive.db).filter((r) => !['case.read', 'case.list'].includes(r.action));
  assert.deepEqual(changes.map((r) => [r.actor, r.action]), [
    ['olga-officer', 'case.create'],
    ['olga-officer', 'hold.place'],
    ['aldo-auditor', 'hold.messages'],
    ['aldo-auditor', 'hold.messages'],
    ['olga-officer', 'hold.release'],
  ]);
  assert.deepEqual(changes[1]?.detail, { holdId: hold.id, caseId: created.id, reason: 'complaint served' });
  assert.deepEqual(changes[2]?.detail, { holdId: hold.id, limit: 2, after: null, returnedIds: first.ids });
  assert.deepEqual(changes[4]?.detail, { holdId: hold.id, caseId: created.id, reason: 'settled' });
});

test('unknown cases and holds are a 404, malformed ids a 400', async (t) => {
  const api = await startCasesApi(t);
  const unknown = '00000000-0000-4000-8000-000000000000';
  assert.equal((await api.request(`/cases/${unknown}`, 'auditor')).status, 404);
  assert.equal((await api.request(`/cases/${unknown}/holds`, 'officer', { reason: 'x' })).status, 404);
  assert.equal((await api.request(`/holds/${unknown}/release`, 'officer', { reason: 'x' })).status, 404);
  assert.equal((await api.request(`/holds/${unknown}/messages`, 'auditor')).status, 404);
  assert.equal((await api.request('/cases/not-a-uuid', 'auditor')).status, 400);
  assert.deepEqual(auditRows(api.archive.db), []);
});

test('opening a case and placing and releasing its hold are recorded on the case timeline once done', async (t) => {
  const api = await startCasesApi(t);
  const created = (await (await api.request('/cases', 'officer', { ...CASE_BODY, query: 'subject:merger' })).json()) as LegalCase;
  const hold = (await (await api.request(`/cases/${created.id}/holds`, 'officer', { reason: 'complaint served' })).json()) as Hold;
  await api.archive.holds.idle();
  assert.equal((await api.request(`/holds/${hold.id}/release`, 'officer', { reason: 'settled' })).status, 200);
  assert.equal((await api.request(`/holds/${hold.id}/release`, 'officer', { reason: 'again' })).status, 409);
  const events = await api.archive.review.timeline(created.id, { limit: 10, afterSeq: 0 });
  assert.deepEqual(events.map((e) => [e.actor, e.action, e.detail]), [
    ['olga-officer', 'case.create', {
      name: 'Acme v. Corp', scope: 'criteria', custodians: ['carol@corp.example'], query: 'subject:merger', sentFrom: null, sentBefore: null,
    }],
    ['olga-officer', 'hold.place', { holdId: hold.id, reason: 'complaint served' }],
    ['olga-officer', 'hold.release', { holdId: hold.id, reason: 'settled' }],
  ]);
});
