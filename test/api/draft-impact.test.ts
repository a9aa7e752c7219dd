/**
 * POST /api/drafts/{id}/impact with known answers: records seeded here, every expected count
 * computed here from the seeded rows — invalid records by problem and field, computed values and
 * routing / escalation events that would change, report figures by period, dead and
 * always-firing rules, the caller's scope, the streamed progress, and nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance, testClock } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
const t: Record<string, string> = {};
const clock = testClock('2026-06-01T08:00:00.000Z');
const DAY = 86_400_000;

const as = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) =>
  call(instance, t[who], { method, url, ...(payload ? { payload } : {}), headers });
const ok = async (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) => {
  const res = await as(who, method, url, payload, headers);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
};

const text = (zh: string) => ({ 'zh-CN': zh, en: zh });
const when = (...all: object[]) => ({ all });
const isSet = (path: string) => ({ fact: 'data', path, operator: 'isNotEmpty' });

/** The record module as published (v1). */
const cases = {
  key: 'impact-cases',
  kind: 'record',
  title: text('影响分析样例'),
  schema: {
    type: 'object',
    properties: {
      title: { type: 'string', title: '标题' },
      acceptedOn: { type: 'string', format: 'date', title: '受理日期' },
      amount: { type: 'number', title: '金额' },
      a: { type: 'number', title: '甲' },
      b: { type: 'number', title: '乙' },
      c: { type: 'number', title: '丙' },
      total: { type: 'number', title: '合计' },
    },
  },
  workflow: {
    initial: 'open',
    states: { open: { title: text('办理中') }, closed: { title: text('已办结'), final: true } },
    transitions: [{ action: 'close', title: text('办结'), from: 'open', to: 'closed' }],
  },
  rules: [
    { name: 'sum', description: text('合计 = 甲 + 乙'), conditions: when(isSet('/a')), event: { type: 'set', params: { path: '/total', expr: { '+': [{ var: 'data.a' }, { var: 'data.b' }] } } } },
    { name: 'routeBig', description: text('金额超过 100 报上级'), conditions: when({ fact: 'data', path: '/amount', operator: 'greaterThan', value: 100 }), event: { type: 'route', params: { to: 'parent' } } },
  ],
};

/** The draft's rules: a new total, a lower routing threshold, an escalation, the date rule, a dead rule and one that always fires. */
const draftRules = [
  { ...cases.rules[0], description: text('合计 = 甲 + 乙 + 丙'), event: { type: 'set', params: { path: '/total', expr: { '+': [{ var: 'data.a' }, { var: 'data.b' }, { var: ['data.c', 0] }] } } } },
  { ...cases.rules[1], description: text('金额超过 50 报上级'), conditions: when({ fact: 'data', path: '/amount', operator: 'greaterThan', value: 50 }) },
  { name: 'escalateStale', description: text('超过 30 天未处置，升级到上级单位'), conditions: when({ fact: 'context', path: '/daysInState', operator: 'greaterThan', value: 30 }), event: { type: 'escalate', params: { to: 'parent' } } },
  {
    name: 'acceptedLate',
    description: text('受理日期不得晚于今天'),
    conditions: when({ fact: 'data', path: '/acceptedOn', operator: 'dateAfter', value: { fact: 'context', path: '/today' } }),
    event: { type: 'error', params: { path: '/acceptedOn', code: 'CASE_ACCEPTED_LATE', message: text('受理日期不得晚于今天') } },
  },
  { name: 'hugeAmount', description: text('金额超过十亿'), conditions: when({ fact: 'data', path: '/amount', operator: 'greaterThan', value: 1e9 }), event: { type: 'warning', params: { path: '/amount', message: text('请核对金额') } } },
  { name: 'hasTitle', description: text('有标题时提示核对'), conditions: when(isSet('/title')), event: { type: 'warning', params: { path: '/title', message: text('请核对标题') } } },
];

interface Seed {
  unit: 'C11' | 'C21';
  old: boolean;
  data: { title: string; acceptedOn: string; amount: number; a: number; b: number; c?: number };
}
const seeds: Seed[] = [
  { unit: 'C11', old: true, data: { title: '一', acceptedOn: '2026-05-01', amount: 120, a: 1, b: 2 } },
  { unit: 'C11', old: true, data: { title: '二', acceptedOn: '2026-12-01', amount: 80, a: 1, b: 1, c: 1 } },
  { unit: 'C21', old: true, data: { title: '六', acceptedOn: '2026-12-31', amount: 10, a: 1, b: 1, c: 2 } },
  { unit: 'C11', old: false, data: { title: '三', acceptedOn: '2026-07-01', amount: 30, a: 2, b: 2 } },
  { unit: 'C11', old: false, data: { title: '四', acceptedOn: '2027-01-01', amount: 60, a: 3, b: 0, c: 5 } },
  { unit: 'C11', old: false, data: { title: '五', acceptedOn: '2026-06-15', amount: 200, a: 1, b: 1 } },
  { unit: 'C21', old: false, data: { title: '七', acceptedOn: '2026-05-05', amount: 70, a: 0, b: 0 } },
];
const ids = new Map<Seed, string>();

/** What the draft's rules say of a seeded record, computed here (today is 2026-07-11 at the impact). */
const TODAY = '2026-07-11';
const predicates: Record<string, (s: Seed) => boolean> = {
  sum: () => true,
  routeBig: (s) => s.data.amount > 50,
  escalateStale: (s) => s.old,
  acceptedLate: (s) => s.data.acceptedOn > TODAY,
  hugeAmount: (s) => s.data.amount > 1e9,
  hasTitle: (s) => s.data.title !== '',
};
const expected = (rows: Seed[]) => {
  const late = rows.filter(predicates.acceptedLate!);
  const derived = rows.filter((s) => (s.data.c ?? 0) !== 0);
  const route = rows.filter((s) => s.data.amount > 50 && s.data.amount <= 100);
  const escalate = rows.filter((s) => s.old);
  const events = rows.filter((s) => route.includes(s) || escalate.includes(s));
  return {
    late,
    derived,
    route,
    escalate,
    events,
    dead: Object.keys(predicates).filter((n) => rows.every((s) => !predicates[n]!(s))),
    always: Object.keys(predicates).filter((n) => rows.every((s) => predicates[n]!(s))),
    fired: Object.fromEntries(Object.keys(predicates).map((n) => [n, rows.filter(predicates[n]!).length])),
  };
};
const idsOf = (rows: Seed[]) => rows.map((s) => ids.get(s)!).sort();

let draftId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url, { now: clock.now });
  await seedOrganisation(instance, await login(instance));
  for (const [username, roles, unitCode] of [
    ['designer', ['designer'], 'HQ'],
    ['p1-designer', ['designer'], 'P1'],
    ['hq-officer', ['officer'], 'HQ'],
    ['p1-officer', ['officer'], 'P1'],
    ['p2-officer', ['officer'], 'P2'],
    ['c11-officer', ['officer'], 'C11'],
    ['c21-officer', ['officer'], 'C21'],
  ] as const) {
    await createUser(instance, { username, roles: [...roles], unitCode });
    t[username] = await login(instance, username);
  }
  delete t.admin;
  await ok('designer', 'POST', '/api/modules/impact-cases/versions', cases);
  for (const old of [true, false]) {
    for (const seed of seeds.filter((s) => s.old === old)) {
      const created = await ok(`${seed.unit.toLowerCase()}-officer`, 'POST', '/api/modules/impact-cases/records', { data: seed.data });
      ids.set(seed, created.id);
    }
    if (!old) continue;
    clock.advance(40 * DAY);
    // Sessions do not last 40 days.
    for (const username of Object.keys(t)) t[username] = await login(instance, username);
  }
  const draft = await ok('designer', 'POST', '/api/drafts', { from: { key: 'impact-cases' } });
  draftId = draft.id;
  await ok('designer', 'PUT', `/api/drafts/${draftId}`, { definition: { ...draft.definition, rules: draftRules } }, { 'if-match': String(draft.revision) });
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('impact of a draft on existing records', () => {
  it('counts invalid records by problem and field, changed computed values and events, dead and always-firing rules (HQ sees all)', async () => {
    const answer = await ok('designer', 'POST', `/api/drafts/${draftId}/impact`);
    const want = expected(seeds);
    expect(answer.basedOn).toEqual({ key: 'impact-cases', version: 1 });
    expect(answer.scanned).toBe(seeds.length);
    expect(answer.invalid).toBe(want.late.length);
    expect(answer.newlyInvalid).toBe(want.late.length);
    expect(answer.byProblem).toEqual([{ code: 'CASE_ACCEPTED_LATE', path: '/acceptedOn', label: '受理日期', message: '受理日期不得晚于今天', count: want.late.length, sample: expect.any(Array) }]);
    expect([...answer.byProblem[0].sample].sort()).toEqual(idsOf(want.late));
    expect(answer.derivedChanged).toBe(want.derived.length);
    expect(answer.derivedByField).toEqual([{ path: '/total', label: '合计', count: want.derived.length, sample: expect.any(Array) }]);
    expect([...answer.derivedByField[0].sample].sort()).toEqual(idsOf(want.derived));
    expect(answer.eventsChanged).toBe(want.events.length);
    const byType = Object.fromEntries(answer.eventsByType.map((e: { type: string; count: number; sample: string[] }) => [e.type, e]));
    expect(Object.keys(byType).sort()).toEqual(['escalate', 'route']);
    expect(byType.route.count).toBe(want.route.length);
    expect([...byType.route.sample].sort()).toEqual(idsOf(want.route));
    expect(byType.escalate.count).toBe(want.escalate.length);
    expect([...byType.escalate.sample].sort()).toEqual(idsOf(want.escalate));
    expect(answer.rules.map((r: { name: string; fired: number }) => [r.name, r.fired])).toEqual(Object.entries(want.fired));
    expect(answer.deadRules).toEqual(want.dead.map((name) => ({ name, description: draftRules.find((r) => r.name === name)!.description['zh-CN'] })));
    expect(answer.alwaysRules.map((r: { name: string }) => r.name)).toEqual(want.always);
    expect(answer).not.toHaveProperty('figuresChanged');
  });

  it('gives the same known answers when the computed values are unchanged (one combined run per record)', async () => {
    const draft = await ok('designer', 'POST', '/api/drafts', { from: { key: 'impact-cases' } });
    const rules = [cases.rules[0], draftRules[1], draftRules[2]];
    await ok('designer', 'PUT', `/api/drafts/${draft.id}`, { definition: { ...draft.definition, rules } }, { 'if-match': String(draft.revision) });
    const answer = await ok('designer', 'POST', `/api/drafts/${draft.id}/impact`);
    const want = expected(seeds);
    expect(answer).toMatchObject({ scanned: seeds.length, invalid: 0, derivedChanged: 0, eventsChanged: want.events.length });
    const byType = Object.fromEntries(answer.eventsByType.map((e: { type: string; sample: string[] }) => [e.type, [...e.sample].sort()]));
    expect(byType).toEqual({ route: idsOf(want.route), escalate: idsOf(want.escalate) });
    expect(answer.rules.map((r: { name: string; fired: number }) => [r.name, r.fired])).toEqual(['sum', 'routeBig', 'escalateStale'].map((n) => [n, want.fired[n]]));
  });

  it('reads only the records of the caller’s subtree (a provincial designer)', async () => {
    const answer = await ok('p1-designer', 'POST', `/api/drafts/${draftId}/impact`);
    const mine = seeds.filter((s) => s.unit === 'C11');
    const want = expected(mine);
    expect(answer.scanned).toBe(mine.length);
    expect(answer.invalid).toBe(want.late.length);
    expect(answer.eventsChanged).toBe(want.events.length);
    expect(answer.derivedChanged).toBe(want.derived.length);
    const sampled = answer.byProblem.flatMap((g: { sample: string[] }) => g.sample);
    expect(sampled.every((id: string) => idsOf(mine).includes(id))).toBe(true);
  });

  it('streams a progress line per batch, then the same result, as NDJSON', async () => {
    const res = await as('designer', 'POST', `/api/drafts/${draftId}/impact`, undefined, { accept: 'application/x-ndjson' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ type: 'progress', scanned: 0, total: seeds.length });
    expect(lines.at(-2)).toEqual({ type: 'progress', scanned: seeds.length, total: seeds.length });
    expect(lines.at(-1).type).toBe('result');
    expect(lines.at(-1).result).toEqual(await ok('designer', 'POST', `/api/drafts/${draftId}/impact`));
  });

  it('reads every record once across keyset batches, reporting progress after each', async () => {
    const hq = { id: 0, username: 'designer', unitCode: 'HQ', unitPath: 'HQ', unitLevel: 1, roles: ['designer'] };
    const [unit] = await instance.db.sequelize.query(`SELECT path::text AS path FROM units WHERE code = 'HQ'`);
    hq.unitPath = (unit[0] as { path: string }).path;
    const progress: [number, number][] = [];
    const scan = await instance.ctx.impact.prepare(hq, draftId, 'zh-CN', 'test', 2);
    const answer = await scan.run((scanned, total) => progress.push([scanned, total]));
    expect(progress).toEqual([0, 2, 4, 6, 7].map((n) => [n, seeds.length]));
    expect(answer).toEqual(await ok('designer', 'POST', `/api/drafts/${draftId}/impact`));
  });

  it('stops scanning, unaudited, when the reader of the stream goes away', async () => {
    const hq = { id: 0, username: 'designer', unitCode: 'HQ', unitPath: '', unitLevel: 1, roles: ['designer'] };
    const [unit] = await instance.db.sequelize.query(`SELECT path::text AS path FROM units WHERE code = 'HQ'`);
    hq.unitPath = (unit[0] as { path: string }).path;
    const audited = async () => {
      const [rows] = await instance.db.sequelize.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'draft.impact' AND target = 'draft:${draftId}'`);
      return (rows[0] as { n: number }).n;
    };
    const before = await audited();
    let batches = 0;
    const scan = await instance.ctx.impact.prepare(hq, draftId, 'zh-CN', 'test', 1);
    const counted = { run: (onProgress?: (s: number, t: number) => void, stopped?: () => boolean) => scan.run((s, t) => (batches++, onProgress?.(s, t)), stopped) };
    const lines = instance.ctx.impact.lines(counted, 'zh-CN');
    expect(JSON.parse((await lines.next()).value as string)).toEqual({ type: 'progress', scanned: 0, total: seeds.length });
    await lines.return(undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(batches).toBeLessThan(seeds.length + 1);
    expect(await audited()).toBe(before);
    // Read to its end, the same stream is audited once.
    const whole = [];
    for await (const line of instance.ctx.impact.lines(await instance.ctx.impact.prepare(hq, draftId, 'zh-CN', 'test', 1), 'zh-CN')) whole.push(JSON.parse(line));
    expect(whole.at(-1).type).toBe('result');
    expect(await audited()).toBe(before + 1);
  });

  it('writes nothing to the records or their history, and audits the analysis', async () => {
    const snapshot = async () => {
      const [records] = await instance.db.sequelize.query('SELECT id, version, state, assigned_unit, data, derived, updated_at FROM records ORDER BY id');
      const [history] = await instance.db.sequelize.query('SELECT count(*)::int AS n FROM record_history');
      return { records, history };
    };
    const before = await snapshot();
    await ok('designer', 'POST', `/api/drafts/${draftId}/impact`);
    expect(await snapshot()).toEqual(before);
    const [audit] = await instance.db.sequelize.query(`SELECT details FROM audit_log WHERE action = 'draft.impact' AND target = 'draft:${draftId}' ORDER BY seq DESC LIMIT 1`);
    expect((audit[0] as { details: object }).details).toMatchObject({ key: 'impact-cases', scanned: seeds.length, invalid: expected(seeds).late.length });
  });

  it('answers zeros for a module with no records and for a new module', async () => {
    await ok('designer', 'POST', '/api/modules/impact-empty/versions', { ...cases, key: 'impact-empty' });
    const empty = await ok('designer', 'POST', '/api/drafts', { from: { key: 'impact-empty' } });
    const fresh = await ok('designer', 'POST', '/api/drafts', { definition: { ...cases, key: 'impact-new' } });
    for (const [id, basedOn] of [[empty.id, { key: 'impact-empty', version: 1 }], [fresh.id, null]] as const) {
      const answer = await ok('designer', 'POST', `/api/drafts/${id}/impact`);
      expect(answer).toEqual({
        basedOn,
        scanned: 0,
        invalid: 0,
        newlyInvalid: 0,
        byProblem: [],
        derivedChanged: 0,
        derivedByField: [],
        eventsChanged: 0,
        eventsByType: [],
        rules: cases.rules.map((r) => ({ name: r.name, description: r.description['zh-CN'], fired: 0 })),
        deadRules: [],
        alwaysRules: [],
      });
    }
  });

  it('refuses a draft that does not compile (422 at its paths), an unknown draft (404) and a caller without the designer role (403)', async () => {
    const broken = await ok('designer', 'POST', '/api/drafts', { definition: { ...cases, key: 'impact-broken', rules: [{ ...cases.rules[1], conditions: when({ fact: 'data', path: '/amount', operator: 'greaterThan' }) }] } });
    const refused = await as('designer', 'POST', `/api/drafts/${broken.id}/impact`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`)).toEqual(['/rules/0/conditions/all/0 FW_DEF_RULE_VALUE_REQUIRED']);
    expect((await as('designer', 'POST', '/api/drafts/00000000-0000-4000-8000-000000000000/impact')).statusCode).toBe(404);
    expect((await as('c11-officer', 'POST', `/api/drafts/${draftId}/impact`)).statusCode).toBe(403);
  });
});

describe('impact on a report template', () => {
  it('lists the figures of each period that would change, with their roll-up before and after', async () => {
    const template = {
      key: 'impact-monthly',
      kind: 'report',
      title: text('影响分析月报'),
      schema: { type: 'object', properties: { x: { type: 'integer', title: '甲数' }, y: { type: 'integer', title: '乙数' }, total: { type: 'integer', title: '合计数' } } },
      rules: [{ name: 'total', conditions: when(isSet('/x')), event: { type: 'set', params: { path: '/total', expr: { '+': [{ var: 'data.x' }, { var: 'data.y' }] } } } }],
      report: { period: 'month', levels: [2] },
    };
    await ok('designer', 'POST', '/api/modules/impact-monthly/versions', template);
    const dueAt = new Date(clock.now().getTime() + 20 * DAY).toISOString();
    const filled: Record<string, { x: number; y: number }> = { P1: { x: 3, y: 4 }, P2: { x: 5, y: 0 } };
    for (const period of ['2026-05', '2026-06']) {
      const assigned = await ok('hq-officer', 'POST', `/api/reports/impact-monthly/periods/${period}/assign`, { level: 2, dueAt });
      for (const r of assigned.records as { id: string; unitCode: string }[]) {
        // May's reports stay empty: no figure of May can change.
        if (period === '2026-05') continue;
        const current = await ok(`${r.unitCode.toLowerCase()}-officer`, 'GET', `/api/records/${r.id}`);
        await ok(`${r.unitCode.toLowerCase()}-officer`, 'PATCH', `/api/records/${r.id}`, { data: filled[r.unitCode] }, { 'if-match': String(current.version) });
      }
    }
    const draft = await ok('designer', 'POST', '/api/drafts', { from: { key: 'impact-monthly' } });
    const doubled = { ...template.rules[0], event: { type: 'set', params: { path: '/total', expr: { '+': [{ var: 'data.x' }, { '*': [2, { var: 'data.y' }] }] } } } };
    await ok('designer', 'PUT', `/api/drafts/${draft.id}`, { definition: { ...draft.definition, rules: [doubled] } }, { 'if-match': String(draft.revision) });
    const answer = await ok('designer', 'POST', `/api/drafts/${draft.id}/impact`);
    const rows = Object.values(filled);
    expect(answer.scanned).toBe(4);
    expect(answer.figuresChanged).toEqual([
      {
        period: '2026-06',
        path: '/total',
        label: '合计数',
        count: rows.filter((r) => r.y !== 0).length,
        sample: [expect.any(String)],
        before: rows.reduce((s, r) => s + r.x + r.y, 0),
        after: rows.reduce((s, r) => s + r.x + 2 * r.y, 0),
      },
    ]);
    expect(answer.derivedChanged).toBe(rows.filter((r) => r.y !== 0).length);
  });
});
