/**
 * Records end to end through the API: a module with a four-state workflow, role guards, step
 * requirements, hand-up and hand-down, rules of every event type, published in the test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

const clue = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/definitions/clue-flow.json'), 'utf8'));

let db: TestDatabase;
let instance: Instance;
let hq: string;
const t: Record<string, string> = {};

const pairs = (body: { errors?: { path: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.path} ${e.code}`);
const complete = { reportedPerson: '王五', source: 'letter', category: 'integrity', summary: '收受礼金', receivedOn: '2026-05-01' };
const create = (token: string, data: object, extra: object = {}, headers: Record<string, string> = {}) =>
  call(instance, token, { method: 'POST', url: '/api/modules/clue-flow/records', payload: { data, ...extra }, headers });
const get = (token: string, id: string) => call(instance, token, { method: 'GET', url: `/api/records/${id}` });
const act = (token: string, id: string, action: string, body: object = {}) =>
  call(instance, token, { method: 'POST', url: `/api/records/${id}/actions/${action}`, payload: body });
const patch = (token: string, id: string, data: object, version?: number) =>
  call(instance, token, { method: 'PATCH', url: `/api/records/${id}`, payload: { data }, headers: version === undefined ? {} : { 'if-match': `"${version}"` } });

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  hq = await login(instance);
  await seedOrganisation(instance, hq);
  await call(instance, hq, { method: 'POST', url: '/api/units', payload: { code: 'X112', name: '甲省一市二县', parentCode: 'C11' } });
  const users: [string, string, string][] = [
    ['x-officer', 'officer', 'X111'],
    ['x-leader', 'leader', 'X111'],
    ['x2-officer', 'officer', 'X112'],
    ['c-leader', 'leader', 'C11'],
    ['p1-leader', 'leader', 'P1'],
    ['p1-auditor', 'auditor', 'P1'],
    ['p2-officer', 'officer', 'P2'],
  ];
  for (const [username, role, unitCode] of users) {
    await createUser(instance, { username, roles: [role], unitCode, ...(username === 'x-leader' ? { displayName: '李县长' } : {}) });
    t[username] = await login(instance, username);
  }
  expect((await call(instance, hq, { method: 'POST', url: '/api/modules/clue-flow/versions', payload: clue })).statusCode).toBe(201);
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('creating and editing drafts', () => {
  it('refuses wrong types, unknown fields, values out of enum and strings over limits, every problem at its path', async () => {
    const response = await create(t['x-officer']!, { reportedPerson: 5, source: 'rumour', summary: 'x'.repeat(2001), extra: 1 });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('FW_REC_INVALID');
    expect(pairs(response.json()).sort()).toEqual(
      ['/extra FW_VAL_ADDITIONAL_PROPERTY', '/reportedPerson FW_VAL_TYPE', '/source FW_VAL_ENUM', '/summary FW_VAL_MAX_LENGTH'].sort(),
    );
    const [count] = await instance.db.sequelize.query('SELECT count(*)::int AS n FROM records');
    expect(count).toEqual([{ n: 0 }]);
  });

  it('saves an incomplete draft, pinned to the module version, with computed values', async () => {
    const response = await create(t['x-officer']!, { reportedPerson: '张三', amount: 25000 });
    expect(response.statusCode).toBe(201);
    const record = response.json();
    expect(record).toMatchObject({
      key: 'clue-flow',
      moduleVersion: 1,
      unitCode: 'X111',
      assignedUnit: 'X111',
      state: 'draft',
      version: 1,
      data: { reportedPerson: '张三', amount: 25000, amountWan: 2.5 },
      derived: { '/amountWan': 2.5 },
    });
    expect(response.headers.etag).toBe('"1"');
    t.draft = record.id;
  });

  it('creates for a unit below the creator’s, never outside the subtree', async () => {
    const cOfficer = 'c-officer';
    await createUser(instance, { username: cOfficer, roles: ['officer'], unitCode: 'C11' });
    const token = await login(instance, cOfficer);
    const below = await create(token, complete, { unitCode: 'X112' });
    expect(below.json()).toMatchObject({ unitCode: 'X112', assignedUnit: 'X112' });
    expect((await create(token, complete, { unitCode: 'C21' })).statusCode).toBe(404);
  });

  it('updates take If-Match: missing → 428, stale → 409; data is a merge patch', async () => {
    const id = t.draft!;
    expect((await patch(t['x-officer']!, id, { summary: '违规' })).statusCode).toBe(428);
    const stale = await patch(t['x-officer']!, id, { summary: '违规' }, 7);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'FW_REC_VERSION_CONFLICT' });
    const ok = await patch(t['x-officer']!, id, { summary: '违规收受礼金', amount: null, source: 'letter' }, 1);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, data: { reportedPerson: '张三', summary: '违规收受礼金', source: 'letter' } });
    expect(ok.json().data.amount).toBeUndefined();
    expect(ok.headers.etag).toBe('"2"');
  });

  it('of concurrent updates with the same version exactly one wins; the others get 409 and write nothing', async () => {
    const id = t.draft!;
    const results = await Promise.all(['甲', '乙', '丙', '丁', '戊'].map((s) => patch(t['x-officer']!, id, { decisionNote: s }, 2)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    const after = (await get(t['x-officer']!, id)).json();
    expect(after.version).toBe(3);
    const winner = results.find((r) => r.statusCode === 200)!.json().data.decisionNote;
    expect(after.data.decisionNote).toBe(winner);
  });

  it('only the holding unit edits; other units see 403, units outside the subtree 404', async () => {
    expect((await patch(t['c-leader']!, t.draft!, { summary: 'x' }, 3)).json().code).toBe('FW_WF_NOT_HOLDER');
    expect((await patch(t['x2-officer']!, t.draft!, { summary: 'x' }, 3)).statusCode).toBe(404);
    expect((await get(t['x2-officer']!, t.draft!)).statusCode).toBe(404);
    expect((await get(t['p2-officer']!, t.draft!)).statusCode).toBe(404);
    expect((await get(t['p2-officer']!, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get(t['c-leader']!, t.draft!)).statusCode).toBe(200);
  });
});

describe('the workflow', () => {
  it('lists the actions the caller may take now', async () => {
    const officer = (await get(t['x-officer']!, t.draft!)).json();
    expect(officer.availableActions.map((a: { action: string }) => a.action)).toEqual(['submit']);
    expect(officer.availableActions[0]).toMatchObject({ title: { 'zh-CN': '提交', en: 'Submit' }, to: 'submitted', requires: ['/receivedOn'] });
    expect((await get(t['x-leader']!, t.draft!)).json().availableActions).toEqual([]);
    expect((await get(t['c-leader']!, t.draft!)).json().availableActions).toEqual([]);
  });

  it('leaving the draft enforces completeness: every missing field at once, step requirements included', async () => {
    const response = await act(t['x-officer']!, t.draft!, 'submit');
    expect(response.statusCode).toBe(422);
    expect(pairs(response.json()).sort()).toEqual(['/category FW_VAL_REQUIRED', '/receivedOn FW_VAL_REQUIRED'].sort());
    expect(response.json().errors.find((e: { path: string }) => e.path === '/receivedOn').message).toBe('「受理日期」为必填项');
  });

  it('refuses an action not available in the state (409) and a role not allowed (403)', async () => {
    const notNow = await act(t['x-officer']!, t.draft!, 'approve');
    expect(notNow.statusCode).toBe(409);
    expect(notNow.json().code).toBe('FW_WF_ACTION_NOT_AVAILABLE');
    const role = await act(t['x-leader']!, t.draft!, 'submit', { data: { category: 'integrity', receivedOn: '2026-05-01' } });
    expect(role.statusCode).toBe(403);
    expect(role.json().code).toBe('FW_WF_ROLE_NOT_ALLOWED');
    expect((await act(t['x-officer']!, t.draft!, 'explode')).statusCode).toBe(409);
  });

  it('submits with the missing data given in the action; the leader is notified', async () => {
    const response = await act(t['x-officer']!, t.draft!, 'submit', { data: { category: 'integrity', receivedOn: '2026-05-01' }, comment: '请审批' });
    expect(response.statusCode).toBe(200);
    const record = response.json();
    expect(record).toMatchObject({ state: 'submitted', version: 4, data: { category: 'integrity' } });
    expect(new Date(record.deadlineAt).getTime() - Date.now()).toBeGreaterThan(14 * 86_400_000);
    const inbox = (await call(instance, t['x-leader']!, { method: 'GET', url: '/api/inbox' })).json();
    expect(inbox.tasks.map((task: { id: string }) => task.id)).toContain(t.draft);
    expect(inbox.notifications[0]).toMatchObject({ kind: 'notify', recordId: t.draft, read: false, message: { 'zh-CN': '有新的线索待审批' } });
    expect(inbox.unread).toBe(1);
    expect((await call(instance, t['x-officer']!, { method: 'GET', url: '/api/inbox' })).json().notifications).toEqual([]);
    expect((await call(instance, t['x-leader']!, { method: 'POST', url: `/api/notifications/${inbox.notifications[0].id}/read` })).statusCode).toBe(204);
    expect((await call(instance, t['x-leader']!, { method: 'GET', url: '/api/inbox' })).json().unread).toBe(0);
    expect((await call(instance, t['x-officer']!, { method: 'POST', url: `/api/notifications/${inbox.notifications[0].id}/read` })).statusCode).toBe(404);
  });

  it('a comment the step requires is asked for', async () => {
    const response = await act(t['x-leader']!, t.draft!, 'sendBack');
    expect(response.statusCode).toBe(422);
    expect(pairs(response.json())).toEqual(['/comment FW_WF_COMMENT_REQUIRED']);
  });

  it('hands the record up (上报): the unit above holds it and the history says who handed what to whom', async () => {
    const response = await act(t['x-leader']!, t.draft!, 'reportUp', { comment: '涉及市管干部，报市纪委' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ state: 'reported', assignedUnit: 'C11', assignedRole: 'leader', availableActions: [] });
    const cView = (await get(t['c-leader']!, t.draft!)).json();
    expect(cView.availableActions.map((a: { action: string }) => a.action)).toEqual(['assignDown', 'approve']);
    expect((await call(instance, t['c-leader']!, { method: 'GET', url: '/api/inbox' })).json().tasks.map((x: { id: string }) => x.id)).toContain(t.draft);
    // The county still reads it (it is its record) but no longer acts on it; it is told who
    // holds it by name, though the unit above is outside its subtree.
    expect((await act(t['x-leader']!, t.draft!, 'approve', { data: { disposal: 'verify' } })).json().code).toBe('FW_WF_NOT_HOLDER');
    expect((await get(t['x-leader']!, t.draft!)).json().unitNames).toEqual({ X111: '甲省一市一县', C11: '甲省一市公司' });
  });

  it('hands it down (交办) to a unit below, which gains access', async () => {
    const wrong = await act(t['c-leader']!, t.draft!, 'assignDown', { unitCode: 'P2' });
    expect(wrong.statusCode).toBe(422);
    expect(pairs(wrong.json())).toEqual(['/unitCode FW_WF_HANDOFF_TARGET']);
    const down = await act(t['c-leader']!, t.draft!, 'assignDown', { unitCode: 'X112', comment: '请二县核查' });
    expect(down.json()).toMatchObject({ state: 'submitted', assignedUnit: 'X112' });
    await createUser(instance, { username: 'x2-leader', roles: ['leader'], unitCode: 'X112' });
    const x2 = await login(instance, 'x2-leader');
    const seen = (await get(x2, t.draft!)).json();
    expect(seen.availableActions.map((a: { action: string }) => a.action)).toEqual(['sendBack', 'reportUp', 'approve']);
    const approved = await act(x2, t.draft!, 'approve', { data: { disposal: 'verify', decisionNote: '初步核实' } });
    expect(approved.json()).toMatchObject({ state: 'closed', final: true, availableActions: [] });
    expect((await act(x2, t.draft!, 'approve')).statusCode).toBe(409);
  });

  it('keeps the whole history: who, when, what changed, comments and hand-offs', async () => {
    const history = (await call(instance, t['c-leader']!, { method: 'GET', url: `/api/records/${t.draft}/history` })).json();
    expect(history.map((h: { kind: string; action: string | null; actor: string }) => `${h.kind}:${h.action ?? ''}:${h.actor}`)).toEqual([
      'create::x-officer',
      'update::x-officer',
      'update::x-officer',
      'transition:submit:x-officer',
      'transition:reportUp:x-leader',
      'transition:assignDown:c-leader',
      'transition:approve:x2-leader',
    ]);
    expect(history[1].changes).toEqual(
      expect.arrayContaining([{ path: '/amount', from: 25000 }, { path: '/summary', to: '违规收受礼金' }]),
    );
    expect(history[4]).toMatchObject({ fromState: 'submitted', toState: 'reported', comment: '涉及市管干部，报市纪委', details: { handoff: 'up', from: 'X111', to: 'C11' } });
    expect(history[5].details).toMatchObject({ handoff: 'down', from: 'C11', to: 'X112' });
    // Names to show: the actor's display name (when set) and the unit's name.
    expect(history[4]).toMatchObject({ actor: 'x-leader', actorName: '李县长', unitCode: 'X111', unitName: '甲省一市一县' });
    expect(history[5]).toMatchObject({ actor: 'c-leader', actorName: null, unitName: '甲省一市公司' });
  });

  it('audits every read and write of a record', async () => {
    const [rows] = await instance.db.sequelize.query('SELECT action, actor FROM audit_log WHERE target = $1 ORDER BY seq', { bind: [`record:${t.draft}`] });
    const actions = (rows as { action: string }[]).map((r) => r.action);
    expect(actions.filter((a) => a === 'record.read').length).toBeGreaterThan(3);
    expect(actions).toEqual(expect.arrayContaining(['record.create', 'record.update', 'record.transition', 'record.history', 'authz.refused']));
  });
});

describe('rules at work', () => {
  it('routes a provincial cadre’s clue to the province on submission, and warns of a repeated person', async () => {
    const created = (await create(t['x-officer']!, { ...complete, reportedPerson: '李四', cadreGrade: 'province' })).json();
    const submitted = await act(t['x-officer']!, created.id, 'submit');
    expect(submitted.json()).toMatchObject({ state: 'submitted', assignedUnit: 'P1', assignedRole: 'leader' });
    const history = (await call(instance, t['p1-leader']!, { method: 'GET', url: `/api/records/${created.id}/history` })).json();
    expect(history.find((h: { kind: string }) => h.kind === 'route').details).toMatchObject({ rule: 'provincialCadreGoesUp', from: 'X111', to: 'P1' });

    const second = await create(t['x-officer']!, { ...complete, reportedPerson: '李四' });
    expect(second.json().warnings).toEqual([{ path: '/reportedPerson', code: 'CLUE_REPEATED', message: '该人员已有在办线索' }]);
  });

  it('a rule can make a field required when it leaves the draft', async () => {
    const created = (await create(t['x-officer']!, { ...complete, amount: 2_000_000 })).json();
    expect(created.data.amountWan).toBe(200);
    const submit = await act(t['x-officer']!, created.id, 'submit');
    expect(pairs(submit.json())).toEqual(['/decisionNote FW_VAL_REQUIRED']);
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body replay the first answer; another body with the same key → 422', async () => {
    const headers = { 'idempotency-key': 'clue-2026-0001' };
    const [a, b] = await Promise.all([create(t['x-officer']!, complete, {}, headers), create(t['x-officer']!, complete, {}, headers)]);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    const c = await create(t['x-officer']!, complete, {}, headers);
    expect(c.json().id).toBe(a.json().id);
    const other = await create(t['x-officer']!, { ...complete, summary: '另一件事' }, {}, headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('FW_REC_IDEMPOTENCY_MISMATCH');
    const [rows] = await instance.db.sequelize.query("SELECT count(*)::int AS n FROM records WHERE data->>'summary' = '收受礼金'");
    const [keys] = await instance.db.sequelize.query("SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'clue-2026-0001'");
    expect(keys).toEqual([{ n: 1 }]);
    expect((rows as { n: number }[])[0]!.n).toBeGreaterThanOrEqual(1);
  });
});

describe('atomic writes', () => {
  it('a failure in the middle of a write leaves nothing half-written', async () => {
    const sql = instance.db.sequelize;
    const count = async () => ((await sql.query('SELECT (SELECT count(*) FROM records)::int AS r, (SELECT count(*) FROM record_history)::int AS h, (SELECT count(*) FROM audit_log)::int AS a'))[0] as { r: number; h: number; a: number }[])[0]!;
    // The audit entry is the last thing a create writes; make it fail.
    await sql.query(`CREATE FUNCTION fail_record_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'record.create' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$`);
    await sql.query('CREATE TRIGGER fail_record_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_record_audit()');
    try {
      const before = await count();
      const plain = await create(t['x-officer']!, complete);
      const keyed = await create(t['x-officer']!, complete, {}, { 'idempotency-key': 'will-fail' });
      expect([plain.statusCode, keyed.statusCode]).toEqual([500, 500]);
      expect(plain.json()).toMatchObject({ code: 'FW_INTERNAL' });
      expect(plain.body).not.toContain('simulated');
      expect(await count()).toEqual(before);
      const [keys] = await sql.query("SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'will-fail'");
      expect(keys).toEqual([{ n: 0 }]);
    } finally {
      await sql.query('DROP TRIGGER fail_record_audit ON audit_log');
      await sql.query('DROP FUNCTION fail_record_audit()');
    }
  });
});

describe('listing', () => {
  it('lists records of the subtree with filters, newest first, in pages', async () => {
    const all = (await call(instance, t['p1-auditor']!, { method: 'GET', url: '/api/modules/clue-flow/records?limit=100' })).json();
    expect(all.items.length).toBeGreaterThanOrEqual(6);
    const times = all.items.map((r: { createdAt: string }) => r.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const page1 = (await call(instance, t['p1-auditor']!, { method: 'GET', url: '/api/modules/clue-flow/records?limit=2' })).json();
    const page2 = (await call(instance, t['p1-auditor']!, { method: 'GET', url: `/api/modules/clue-flow/records?limit=2&cursor=${page1.nextCursor}` })).json();
    expect(page2.items.map((r: { id: string }) => r.id)).toEqual(all.items.slice(2, 4).map((r: { id: string }) => r.id));
    const filter = encodeURIComponent(JSON.stringify({ reportedPerson: '李四' }));
    const byPerson = (await call(instance, t['p1-auditor']!, { method: 'GET', url: `/api/modules/clue-flow/records?filter=${filter}` })).json();
    expect(byPerson.items.map((r: { data: { reportedPerson: string } }) => r.data.reportedPerson)).toEqual(['李四', '李四']);
    const closed = (await call(instance, t['p1-auditor']!, { method: 'GET', url: '/api/modules/clue-flow/records?state=closed' })).json();
    expect(closed.items.map((r: { id: string }) => r.id)).toEqual([t.draft]);
    const x112 = (await call(instance, t['p1-auditor']!, { method: 'GET', url: '/api/modules/clue-flow/records?unit=X112' })).json();
    expect(x112.items.every((r: { unitCode: string }) => r.unitCode === 'X112')).toBe(true);
    expect((await call(instance, t['p2-officer']!, { method: 'GET', url: '/api/modules/clue-flow/records' })).json().items).toEqual([]);
    expect((await call(instance, t['p1-auditor']!, { method: 'GET', url: '/api/modules/clue-flow/records?filter=nope' })).statusCode).toBe(422);
    expect((await call(instance, t['p1-auditor']!, { method: 'GET', url: '/api/modules/clue-flow/records?cursor=garbage' })).statusCode).toBe(422);
  });

  it('moving a unit keeps its records’ scope right', async () => {
    const before = (await call(instance, t['p1-auditor']!, { method: 'GET', url: '/api/modules/clue-flow/records?unit=X112' })).json().items.length;
    expect(before).toBeGreaterThan(0);
    expect((await call(instance, hq, { method: 'PATCH', url: '/api/units/X112', payload: { parentCode: 'C21' } })).statusCode).toBe(200);
    await createUser(instance, { username: 'p2-auditor', roles: ['auditor'], unitCode: 'P2' });
    const p2 = await login(instance, 'p2-auditor');
    expect((await call(instance, p2, { method: 'GET', url: '/api/modules/clue-flow/records?unit=X112' })).json().items.length).toBe(before);
    const p1Now = (await call(instance, t['p1-auditor']!, { method: 'GET', url: '/api/modules/clue-flow/records?limit=100' })).json();
    expect(p1Now.items.some((r: { unitCode: string }) => r.unitCode === 'X112')).toBe(false);
    await call(instance, hq, { method: 'PATCH', url: '/api/units/X112', payload: { parentCode: 'C11' } });
  });
});
