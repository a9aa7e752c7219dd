/**
 * Report mechanics on a small monthly template: publish-time checks of pre-fill queries,
 * the default report workflow, subtree and own-unit pre-fill (count and sum), every
 * aggregation (sum, avg, min, max, count, none) with the unit's own report beside its
 * children's, the previous period as a fact and as a comparison, withdrawal of an approval,
 * and a late report reminded and escalated through the deadline machinery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
const t: Record<string, string> = {};
const ids: Record<string, string> = {};

const incidentLog = {
  key: 'incident-log',
  kind: 'record',
  title: { 'zh-CN': '事件登记' },
  schema: {
    type: 'object',
    required: ['on', 'kind'],
    properties: {
      on: { title: '发生日期', type: 'string', format: 'date' },
      kind: { title: '类别', type: 'string', enum: ['fraud', 'safety', 'other'] },
      amount: { title: '金额', type: 'number' },
    },
  },
};

const template = {
  key: 'unit-monthly',
  kind: 'report',
  title: { 'zh-CN': '单位月报', en: 'Unit monthly report' },
  schema: {
    type: 'object',
    properties: {
      incidents: { title: '事件数（含下级）', type: 'integer', minimum: 0 },
      ownFraud: { title: '本级舞弊事件', type: 'integer', minimum: 0 },
      fraudAmount: { title: '舞弊金额（含下级）', type: 'number' },
      headcount: { title: '人数', type: 'integer', minimum: 0 },
      avgAge: { title: '平均年龄', type: 'number' },
      minScore: { title: '最低分', type: 'number' },
      maxScore: { title: '最高分', type: 'number' },
      plan: { title: '整改计划', type: 'string', enum: ['yes', 'no'] },
      note: { title: '备注', type: 'string' },
    },
    required: ['headcount'],
  },
  facts: { previous: { provider: 'previousPeriod', params: { states: ['approved'] }, default: null } },
  rules: [
    {
      name: 'incidentsDoubled',
      conditions: { all: [{ fact: 'logic', params: { expr: { and: [{ '>': [{ var: 'facts.previous.incidents' }, 0] }, { '>=': [{ var: 'data.incidents' }, { '*': [{ var: 'facts.previous.incidents' }, 2] }] }] } }, operator: 'equal', value: true }] },
      event: { type: 'warning', params: { path: '/incidents', code: 'INCIDENTS_DOUBLED', message: { 'zh-CN': '事件数较上月翻倍', en: 'Incidents doubled' } } },
    },
    {
      name: 'lateEscalates',
      conditions: { all: [{ fact: 'context', path: '/overdue', operator: 'equal', value: true }] },
      event: { type: 'escalate', params: { to: 'parent', role: 'leader', reason: { 'zh-CN': '月报逾期未报', en: 'The monthly report is late' } } },
    },
  ],
  report: {
    period: 'month',
    levels: [2, 3],
    fields: {
      '/incidents': { prefill: { module: 'incident-log', op: 'count', dateField: '/on' } },
      '/ownFraud': { prefill: { module: 'incident-log', op: 'count', dateField: '/on', scope: 'unit', where: [{ path: '/kind', operator: 'equal', value: 'fraud' }] } },
      '/fraudAmount': { prefill: { module: 'incident-log', op: 'sum', field: '/amount', dateField: '/on', where: [{ path: '/kind', operator: 'in', value: ['fraud'] }] } },
      '/avgAge': { aggregate: 'avg' },
      '/minScore': { aggregate: 'min' },
      '/maxScore': { aggregate: 'max' },
      '/plan': { aggregate: 'count' },
      '/headcount': { aggregate: 'sum' },
    },
  },
};

const as = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers?: Record<string, string>) =>
  call(instance, t[who], { method, url, ...(payload ? { payload } : {}), ...(headers ? { headers } : {}) });
const ok = async (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers?: Record<string, string>) => {
  const response = await as(who, method, url, payload, headers);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json();
};
const record = (unit: string, period: string) => ids[`${unit}@${period}`]!;
const fill = async (who: string, unit: string, period: string, data: object) => {
  const current = await ok(who, 'GET', `/api/records/${record(unit, period)}`);
  return ok(who, 'PATCH', `/api/records/${current.id}`, { data }, { 'if-match': String(current.version) });
};
const act = (who: string, unit: string, period: string, action: string, body: object = {}) => ok(who, 'POST', `/api/records/${record(unit, period)}/actions/${action}`, body);

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  const hq = await login(instance);
  await seedOrganisation(instance, hq);
  for (const unit of ['HQ', 'P1', 'P2', 'C11', 'C21', 'X111']) {
    for (const role of ['officer', 'leader']) {
      const username = `${unit.toLowerCase()}-${role}`;
      await createUser(instance, { username, roles: [role], unitCode: unit });
      t[username] = await login(instance, username);
    }
  }
  await createUser(instance, { username: 'designer', roles: ['designer'], unitCode: 'HQ' });
  t.designer = await login(instance, 'designer');
  expect((await as('designer', 'POST', '/api/modules/incident-log/versions', incidentLog)).statusCode).toBe(201);
  const incidents: [string, string, string, number?][] = [
    ['C11', '2026-04-10', 'fraud', 100],
    ['C11', '2026-05-02', 'fraud', 250],
    ['C11', '2026-05-31', 'safety'],
    ['C11', '2026-06-01', 'fraud', 999],
    ['X111', '2026-05-15', 'fraud', 40],
    ['P1', '2026-05-20', 'other'],
    ['P1', '2026-05-21', 'fraud', 7.5],
    ['C21', '2026-05-05', 'safety'],
  ];
  for (const [unit, on, kind, amount] of incidents) {
    await ok(`${unit.toLowerCase()}-officer`, 'POST', '/api/modules/incident-log/records', { data: { on, kind, ...(amount !== undefined ? { amount } : {}) } });
  }
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('report templates', () => {
  it('refuse pre-fill queries naming unknown modules, fields or states at publish', async () => {
    const broken = structuredClone(template) as unknown as { report: { fields: Record<string, unknown> } };
    broken.report.fields = {
      '/incidents': { prefill: { module: 'incident-log', op: 'count', dateField: '/when' } },
      '/ownFraud': { prefill: { module: 'incident-log', op: 'count', dateField: '/kind', where: [{ path: '/nope', operator: 'equal', value: 1 }], states: ['nowhere'] } },
      '/fraudAmount': { prefill: { module: 'no-such-module', op: 'count', dateField: '/on' } },
      '/headcount': { prefill: { module: 'incident-log', op: 'sum', dateField: '/on' } },
      '/note': { aggregate: 'sum' },
      '/avgAge': { prefill: { module: 'incident-log', op: 'sum', field: '/kind', dateField: '/on' } },
    };
    const response = await as('designer', 'POST', '/api/modules/unit-monthly/versions', broken);
    expect(response.statusCode).toBe(422);
    const problems = response.json().errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`);
    // The template's own meaning first: a sum without a field, a text field summed.
    expect(problems).toEqual(
      expect.arrayContaining(['/report/fields/~1headcount/prefill/field FW_DEF_PREFILL_SUM_FIELD', '/report/fields/~1note/aggregate FW_DEF_NOT_A_NUMBER']),
    );
    delete broken.report.fields['/headcount'];
    delete broken.report.fields['/note'];
    const second = await as('designer', 'POST', '/api/modules/unit-monthly/versions', broken);
    expect(second.statusCode).toBe(422);
    expect(second.json().errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`).sort()).toEqual(
      [
        '/report/fields/~1incidents/prefill/dateField FW_DEF_PREFILL_UNKNOWN_FIELD',
        '/report/fields/~1ownFraud/prefill/dateField FW_DEF_NOT_A_DATE',
        '/report/fields/~1ownFraud/prefill/where/0/path FW_DEF_PREFILL_UNKNOWN_FIELD',
        '/report/fields/~1ownFraud/prefill/states/0 FW_DEF_UNKNOWN_STATE',
        '/report/fields/~1fraudAmount/prefill/module FW_DEF_PREFILL_MODULE',
        '/report/fields/~1avgAge/prefill/field FW_DEF_NOT_A_NUMBER',
      ].sort(),
    );
    // A record module cannot time a state by an assignment's due date.
    const dueRecord = { ...incidentLog, key: 'due-record', workflow: { initial: 'draft', states: { draft: { title: { 'zh-CN': '草稿' }, deadline: { due: true } } } } };
    const refused = await as('designer', 'POST', '/api/modules/due-record/versions', dueRecord);
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: '/workflow/states/draft/deadline/due', code: 'FW_DEF_DUE_NOT_REPORT' })]);
    expect((await as('designer', 'GET', '/api/modules/unit-monthly')).statusCode).toBe(404);
  });

  it('get the report workflow by default, and are assigned per month to the levels they allow', async () => {
    expect((await as('designer', 'POST', '/api/modules/unit-monthly/versions', template)).statusCode).toBe(201);
    const published = await ok('designer', 'GET', '/api/modules/unit-monthly');
    expect(Object.keys(published.workflow.states)).toEqual(['draft', 'submitted', 'approved']);
    expect(published.workflow.states.draft.deadline).toEqual({ due: true, remindBefore: ['P3D'] });
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    for (const period of ['2026-04', '2026-05']) {
      for (const level of [2, 3]) {
        const assigned = await ok('hq-officer', 'POST', `/api/reports/unit-monthly/periods/${period}/assign`, { level, dueAt });
        for (const r of assigned.records) ids[`${r.unitCode}@${period}`] = r.id;
      }
    }
    expect(Object.keys(ids).sort()).toEqual(['C11@2026-04', 'C11@2026-05', 'C21@2026-04', 'C21@2026-05', 'P1@2026-04', 'P1@2026-05', 'P2@2026-04', 'P2@2026-05']);
    const quarter = await as('hq-officer', 'POST', '/api/reports/unit-monthly/periods/2026Q2/assign', { level: 2 });
    expect(quarter.statusCode).toBe(422);
    expect(quarter.json().errors[0].params).toMatchObject({ example: '2026-09' });
    // The default due date: fifteen days after the month ends, at midnight in China.
    const defaulted = await ok('p2-officer', 'POST', '/api/reports/unit-monthly/periods/2026-02/assign', { unitCodes: ['P2'] });
    expect(defaulted.dueAt).toBe('2026-03-15T16:00:00.000Z');
  });

  it('pre-fill counts and sums within the unit’s subtree, or the unit alone', async () => {
    const p1 = await ok('p1-officer', 'GET', `/api/records/${record('P1', '2026-05')}`);
    // P1's subtree in May: C11 ×2, X111, P1 ×2. Fraud at P1 itself: one. Fraud amounts below P1: 250 + 40 + 7.5.
    expect(p1.prefill).toEqual({ '/incidents': 5, '/ownFraud': 1, '/fraudAmount': 297.5 });
    const c11 = await ok('c11-officer', 'GET', `/api/records/${record('C11', '2026-05')}`);
    expect(c11.prefill).toEqual({ '/incidents': 3, '/ownFraud': 1, '/fraudAmount': 290 });
    const c21 = await ok('c21-officer', 'GET', `/api/records/${record('C21', '2026-05')}`);
    expect(c21.prefill).toEqual({ '/incidents': 1, '/ownFraud': 0, '/fraudAmount': 0 });
    const drill = await ok('p1-officer', 'GET', `/api/records/${record('P1', '2026-05')}/prefill/records?field=/fraudAmount`);
    expect(drill.items.map((r: { data: { amount: number } }) => r.data.amount).sort()).toEqual([250, 40, 7.5].sort());
  });

  it('compare with the previous period: a fact for rules, and the change in the roll-up', async () => {
    // April: C11 approved with 1 incident.
    await fill('c11-officer', 'C11', '2026-04', { headcount: 10 });
    await act('c11-officer', 'C11', '2026-04', 'submit');
    await act('p1-leader', 'C11', '2026-04', 'approve');
    // May: 3 incidents, at least twice April's.
    const may = await fill('c11-officer', 'C11', '2026-05', { headcount: 12 });
    expect(may.warnings).toEqual([expect.objectContaining({ path: '/incidents', code: 'INCIDENTS_DOUBLED' })]);
    // C21 has no approved April: no comparison, no warning.
    const c21 = await fill('c21-officer', 'C21', '2026-05', { headcount: 4 });
    expect(c21.warnings).toEqual([]);
  });

  it('roll up every aggregation, with the unit’s own report beside its children', async () => {
    await fill('c11-officer', 'C11', '2026-05', { avgAge: 40, minScore: 60, maxScore: 90, plan: 'yes', note: '甲' });
    await fill('c21-officer', 'C21', '2026-05', { avgAge: 30, minScore: 70, maxScore: 80 });
    await fill('p1-officer', 'P1', '2026-05', { headcount: 20, avgAge: 50, minScore: 55, maxScore: 99, plan: 'no' });
    await fill('p2-officer', 'P2', '2026-05', { headcount: 6, avgAge: 35, plan: 'yes' });
    for (const [unit, parent] of [['C11', 'p1'], ['C21', 'p2'], ['P1', 'hq'], ['P2', 'hq']] as const) {
      await act(`${unit.toLowerCase()}-officer`, unit, '2026-05', 'submit');
      await act(`${parent}-leader`, unit, '2026-05', 'approve');
    }
    const hq = await ok('hq-leader', 'GET', '/api/reports/unit-monthly/periods/2026-05/rollup');
    expect(hq.fields.map((f: { path: string; aggregate: string }) => `${f.path}:${f.aggregate}`)).toEqual([
      '/incidents:sum', '/ownFraud:sum', '/fraudAmount:sum', '/headcount:sum', '/avgAge:avg', '/minScore:min', '/maxScore:max', '/plan:count',
    ]);
    expect(hq.total).toEqual({
      reports: 4,
      assigned: 4,
      values: {
        // P2's subtree holds C21's incident too.
        '/incidents': 5 + 3 + 1 + 1,
        '/ownFraud': 1 + 1 + 0 + 0,
        '/fraudAmount': 297.5 + 290,
        '/headcount': 12 + 4 + 20 + 6,
        '/avgAge': (40 + 30 + 50 + 35) / 4,
        '/minScore': 55,
        '/maxScore': 99,
        '/plan': 3,
      },
    });
    expect(hq.own).toBeNull();
    const p1 = await ok('p1-leader', 'GET', '/api/reports/unit-monthly/periods/2026-05/rollup?unit=P1');
    expect(p1.own).toMatchObject({ reports: 1, assigned: 1, values: { '/headcount': 20, '/avgAge': 50, '/plan': 1 } });
    expect(p1.children).toEqual([expect.objectContaining({ code: 'C11', reports: 1, assigned: 1, values: expect.objectContaining({ '/headcount': 12, '/minScore': 60 }) })]);
    expect(p1.total.values).toMatchObject({ '/headcount': 32, '/avgAge': 45, '/minScore': 55, '/maxScore': 99, '/plan': 2 });
    // April (C11 alone, approved) is the previous period.
    expect(p1.previousPeriod).toBe('2026-04');
    expect(p1.previous).toEqual({ reports: 1, values: expect.objectContaining({ '/headcount': 10, '/incidents': 1 }) });
    expect(p1.change['/headcount']).toEqual({ absolute: 22, relative: 2.2 });
    expect(p1.change['/avgAge']).toEqual({ absolute: null, relative: null });
    expect(p1.children[0].previous).toMatchObject({ '/headcount': 10 });
  });

  it('withdraw an approval back to the filling unit, which drops out of the roll-up', async () => {
    const bare = await as('p1-leader', 'POST', `/api/records/${record('C11', '2026-05')}/actions/reopen`, {});
    expect(bare.statusCode).toBe(422);
    const reopened = await act('p1-leader', 'C11', '2026-05', 'reopen', { comment: '发现人数有误，请更正' });
    expect(reopened).toMatchObject({ state: 'draft', assignedUnit: 'C11' });
    const p1 = await ok('p1-leader', 'GET', '/api/reports/unit-monthly/periods/2026-05/rollup?unit=P1');
    expect(p1.total).toMatchObject({ reports: 1, assigned: 2 });
    expect(p1.children[0]).toMatchObject({ code: 'C11', reports: 0, values: expect.objectContaining({ '/headcount': null }) });
    const corrected = await fill('c11-officer', 'C11', '2026-05', { headcount: 13 });
    expect(corrected.data.headcount).toBe(13);
    const status = await ok('p1-leader', 'GET', '/api/reports/unit-monthly/periods/2026-05/status');
    expect(status.units.map((u: { unitCode: string; status: string }) => `${u.unitCode}:${u.status}`)).toEqual(['P1:approved', 'C11:draft']);
  });

  it('when late, is marked overdue and escalated to the unit above, once', async () => {
    const dueAt = new Date(Date.now() + 1_500).toISOString();
    const assigned = await ok('p2-officer', 'POST', '/api/reports/unit-monthly/periods/2026-06/assign', { unitCodes: ['C21'], dueAt });
    const id = assigned.records[0].id;
    const deadline = Date.now() + 20_000;
    let history: { kind: string; details: Record<string, unknown> }[] = [];
    while (Date.now() < deadline) {
      history = await ok('c21-officer', 'GET', `/api/records/${id}/history`);
      if (history.some((h) => h.kind === 'escalate')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(history.map((h) => h.kind)).toEqual(['create', 'overdue', 'escalate']);
    expect(history[2]!.details).toMatchObject({ to: 'P2', role: 'leader' });
    const inbox = await ok('p2-leader', 'GET', '/api/inbox');
    expect(inbox.notifications.map((n: { message: { 'zh-CN': string } }) => n.message['zh-CN'])).toContain('月报逾期未报');
    const status = await ok('p2-leader', 'GET', '/api/reports/unit-monthly/periods/2026-06/status');
    // Marked overdue by the deadline worker, yet nobody has started it.
    expect(status.units).toEqual([expect.objectContaining({ unitCode: 'C21', status: 'notStarted', timeliness: 'late' })]);
    const filler = await ok('c21-officer', 'GET', '/api/inbox');
    expect(filler.notifications.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['assigned', 'overdue']));
  });

  it('cannot be submitted before its period’s last day unless the template allows it: 409, nothing written', async () => {
    // This month (China time), worked out here; its last day is still ahead unless today is it.
    const local = new Date(Date.now() + 8 * 3_600_000);
    const month = `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
    const lastDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
    const onLastDay = local.getUTCDate() === lastDay;
    const assigned = await ok('p1-officer', 'POST', `/api/reports/unit-monthly/periods/${month}/assign`, { unitCodes: ['C11'] });
    const id = assigned.records[0].id;
    await ok('c11-officer', 'PATCH', `/api/records/${id}`, { data: { headcount: 5 } }, { 'if-match': '1' });
    const before = await ok('c11-officer', 'GET', `/api/records/${id}`);
    expect(before.availableActions.map((a: { action: string }) => a.action).includes('submit')).toBe(onLastDay);
    const refused = await as('c11-officer', 'POST', `/api/records/${id}/actions/submit`, {});
    if (onLastDay) {
      expect(refused.statusCode, refused.body).toBe(200);
      return;
    }
    expect(refused.statusCode).toBe(409);
    const [year, m] = month.split('-').map(Number);
    expect(refused.json()).toMatchObject({ code: 'FW_REPORT_PERIOD_OPEN', message: `报告期 ${year}年${m}月 尚未结束，${month}-${String(lastDay).padStart(2, '0')} 起才能上报（该报表不允许提前上报）` });
    const english = await call(instance, t['c11-officer'], { method: 'POST', url: `/api/records/${id}/actions/submit`, payload: {}, headers: { 'accept-language': 'en' } });
    expect(english.json().message).toContain(`The period ${month} has not ended`);
    const after = await ok('c11-officer', 'GET', `/api/records/${id}`);
    expect({ state: after.state, version: after.version, assignedUnit: after.assignedUnit }).toEqual({ state: before.state, version: before.version, assignedUnit: 'C11' });
    const history = await ok('c11-officer', 'GET', `/api/records/${id}/history`);
    expect(history.map((h: { kind: string }) => h.kind)).not.toContain('transition');

    // A template that allows early submission takes it at once.
    const early = { ...structuredClone(template), key: 'flash-monthly', report: { ...structuredClone(template.report), submitBeforeEnd: true } };
    expect((await as('designer', 'POST', '/api/modules/flash-monthly/versions', early)).statusCode).toBe(201);
    const flash = (await ok('p1-officer', 'POST', `/api/reports/flash-monthly/periods/${month}/assign`, { unitCodes: ['C11'] })).records[0].id;
    await ok('c11-officer', 'PATCH', `/api/records/${flash}`, { data: { headcount: 5 } }, { 'if-match': '1' });
    const submitted = await ok('c11-officer', 'POST', `/api/records/${flash}/actions/submit`, {});
    expect(submitted.state).toBe('submitted');
  });
});
