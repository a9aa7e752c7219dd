/** The unit tree over HTTP: subtree scope, create, rename, move, import, designated administrators. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let hq: string;
let p1: string;
let c11: string;

const codes = (body: { code: string }[]) => body.map((u) => u.code);
const pairs = (body: { errors?: { path: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.path} ${e.code}`);

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  hq = await login(instance);
  await seedOrganisation(instance, hq);
  await createUser(instance, { username: 'p1-admin', roles: ['admin'], unitCode: 'P1' });
  await createUser(instance, { username: 'c11-officer', roles: ['officer'], unitCode: 'C11' });
  p1 = await login(instance, 'p1-admin');
  c11 = await login(instance, 'c11-officer');
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('reading the tree', () => {
  it('HQ sees every unit; a province sees its subtree only; levels follow the tree', async () => {
    const all = (await call(instance, hq, { method: 'GET', url: '/api/units' })).json();
    expect(all).toEqual([
      { code: 'HQ', name: '总部', parentCode: null, level: 1, kind: 'company' },
      { code: 'P1', name: '甲省公司', parentCode: 'HQ', level: 2, kind: 'company' },
      { code: 'P2', name: '乙省公司', parentCode: 'HQ', level: 2, kind: 'company' },
      { code: 'C11', name: '甲省一市公司', parentCode: 'P1', level: 3, kind: 'company' },
      { code: 'C21', name: '乙省一市公司', parentCode: 'P2', level: 3, kind: 'company' },
      { code: 'X111', name: '甲省一市一县', parentCode: 'C11', level: 4, kind: 'company' },
    ]);
    expect(codes((await call(instance, p1, { method: 'GET', url: '/api/units' })).json())).toEqual(['P1', 'C11', 'X111']);
    expect(codes((await call(instance, c11, { method: 'GET', url: '/api/units' })).json())).toEqual(['C11', 'X111']);
    expect(codes((await call(instance, hq, { method: 'GET', url: '/api/units?root=P2' })).json())).toEqual(['P2', 'C21']);
  });

  it('a sibling, a parent or an unknown unit answers 404 alike, and the attempt is audited', async () => {
    const sibling = await call(instance, p1, { method: 'GET', url: '/api/units/P2' });
    const parent = await call(instance, p1, { method: 'GET', url: '/api/units/HQ' });
    const unknown = await call(instance, p1, { method: 'GET', url: '/api/units/NOPE' });
    expect([sibling.statusCode, parent.statusCode, unknown.statusCode]).toEqual([404, 404, 404]);
    expect(sibling.json().code).toBe('FW_UNIT_NOT_FOUND');
    expect((await call(instance, p1, { method: 'GET', url: '/api/units?root=C21' })).statusCode).toBe(404);
    const [rows] = await instance.db.sequelize.query("SELECT target FROM audit_log WHERE action = 'authz.refused' AND actor = 'p1-admin' ORDER BY seq");
    expect(rows).toEqual([{ target: 'unit:P2' }, { target: 'unit:HQ' }, { target: 'unit:NOPE' }, { target: 'unit:C21' }]);
  });
});

describe('creating, renaming and moving', () => {
  it('creates below a unit of the subtree, audited; refuses duplicates, outside parents and bad codes', async () => {
    const created = await call(instance, p1, { method: 'POST', url: '/api/units', payload: { code: 'C12', name: '甲省二市公司', parentCode: 'P1', kind: 'company' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ code: 'C12', name: '甲省二市公司', parentCode: 'P1', level: 3, kind: 'company' });
    const [audit] = await instance.db.sequelize.query("SELECT actor, target FROM audit_log WHERE action = 'unit.create' AND target = 'unit:C12'");
    expect(audit).toEqual([{ actor: 'p1-admin', target: 'unit:C12' }]);

    const duplicate = await call(instance, p1, { method: 'POST', url: '/api/units', payload: { code: 'C12', name: '重复', parentCode: 'P1' } });
    expect(duplicate.statusCode).toBe(409);
    const outside = await call(instance, p1, { method: 'POST', url: '/api/units', payload: { code: 'C22', name: '外部', parentCode: 'P2' } });
    expect(outside.statusCode).toBe(404);
    const bad = await call(instance, p1, { method: 'POST', url: '/api/units', payload: { code: 'bad code!', name: '', parentCode: 'P1', kind: 'castle' } });
    expect(bad.statusCode).toBe(422);
    expect(pairs(bad.json()).sort()).toEqual(['/code FW_VAL_PATTERN', '/kind FW_VAL_ENUM', '/name FW_VAL_MIN_LENGTH'].sort());
    const officer = await call(instance, c11, { method: 'POST', url: '/api/units', payload: { code: 'X112', name: '县', parentCode: 'C11' } });
    expect(officer.statusCode).toBe(403);
    const [count] = await instance.db.sequelize.query("SELECT count(*)::int AS n FROM units WHERE code IN ('C22', 'X112')");
    expect(count).toEqual([{ n: 0 }]);
  });

  it('renames a unit below one’s own, but not one’s own unit', async () => {
    const renamed = await call(instance, p1, { method: 'PATCH', url: '/api/units/C12', payload: { name: '甲省第二市公司', kind: 'factory' } });
    expect(renamed.json()).toMatchObject({ code: 'C12', name: '甲省第二市公司', kind: 'factory' });
    expect((await call(instance, p1, { method: 'PATCH', url: '/api/units/P1', payload: { name: '改名' } })).statusCode).toBe(403);
  });

  it('moves a subtree: levels change with it, and scope follows at once', async () => {
    await call(instance, hq, { method: 'POST', url: '/api/units', payload: { code: 'X121', name: '二市一县', parentCode: 'C12' } });
    await createUser(instance, { username: 'x121-officer', roles: ['officer'], unitCode: 'X121' });
    const x121 = await login(instance, 'x121-officer');
    // C12 (with X121 below it) moves from P1 to P2, done by HQ.
    const moved = await call(instance, hq, { method: 'PATCH', url: '/api/units/C12', payload: { parentCode: 'X111' } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ code: 'C12', parentCode: 'X111', level: 5 });
    expect((await call(instance, hq, { method: 'GET', url: '/api/units/X121' })).json().level).toBe(6);
    const toP2 = await call(instance, hq, { method: 'PATCH', url: '/api/units/C12', payload: { parentCode: 'P2' } });
    expect(toP2.json()).toMatchObject({ parentCode: 'P2', level: 3 });
    // P1 no longer sees C12 or X121; P2's view now holds them; the officer's own view moved too.
    expect(codes((await call(instance, p1, { method: 'GET', url: '/api/units' })).json())).toEqual(['P1', 'C11', 'X111']);
    expect((await call(instance, p1, { method: 'GET', url: '/api/units/X121' })).statusCode).toBe(404);
    expect(codes((await call(instance, hq, { method: 'GET', url: '/api/units?root=P2' })).json())).toEqual(['P2', 'C12', 'C21', 'X121']);
    expect((await call(instance, x121, { method: 'GET', url: '/api/units' })).json()).toEqual([
      { code: 'X121', name: '二市一县', parentCode: 'C12', level: 4, kind: 'company' },
    ]);
    const [audit] = await instance.db.sequelize.query("SELECT details FROM audit_log WHERE action = 'unit.update' AND target = 'unit:C12' ORDER BY seq DESC LIMIT 1");
    expect((audit as { details: Record<string, unknown> }[])[0]!.details).toMatchObject({ from: 'X111', to: 'P2', unitsMoved: 2 });
  });

  it('refuses a move below itself or a subunit, and moving the root', async () => {
    const cycle = await call(instance, hq, { method: 'PATCH', url: '/api/units/P1', payload: { parentCode: 'X111' } });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().code).toBe('FW_UNIT_CYCLE');
    const self = await call(instance, hq, { method: 'PATCH', url: '/api/units/P1', payload: { parentCode: 'P1' } });
    expect(self.json().code).toBe('FW_UNIT_CYCLE');
    expect((await call(instance, hq, { method: 'PATCH', url: '/api/units/HQ', payload: { parentCode: 'P1' } })).statusCode).toBe(403);
    expect((await call(instance, hq, { method: 'GET', url: '/api/units/P1' })).json().parentCode).toBe('HQ');
  });
});

describe('importing a unit tree', () => {
  it('imports JSON rows in any order, parents given later or already stored', async () => {
    const rows = [
      { code: 'X131', name: '三市一县', parentCode: 'C13' },
      { code: 'C13', name: '甲省三市公司', parentCode: 'P1', kind: 'company' },
      { code: 'F131', name: '卷烟厂', parentCode: 'X131', kind: 'factory' },
    ];
    const response = await call(instance, p1, { method: 'POST', url: '/api/units/import', payload: rows });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ imported: 3 });
    expect((await call(instance, p1, { method: 'GET', url: '/api/units/F131' })).json()).toEqual({
      code: 'F131',
      name: '卷烟厂',
      parentCode: 'X131',
      level: 5,
      kind: 'factory',
    });
  });

  it('imports CSV (with a BOM, as spreadsheets save it)', async () => {
    const csv = '\uFEFFcode,name,parentCode,kind\nC14,甲省四市公司,P1,company\nX141,四市一县,C14,\n';
    const response = await call(instance, p1, { method: 'POST', url: '/api/units/import', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ imported: 2 });
  });

  it('refuses the whole import when any row is wrong, naming every row and writing nothing', async () => {
    const csv = [
      'code,name,parentCode,kind',
      'C15,五市,P1,company', // line 2: fine
      'X151,五市一县,C99,company', // line 3: missing parent
      'C15,五市重复,P1,company', // line 4: duplicate of line 2
      'C11,已存在,P1,company', // line 5: code taken
      'A1,甲,B1,company', // line 6 ┐
      'B1,乙,A1,company', // line 7 ┘ a cycle
      'X152,县,P2,company', // line 8: a parent outside the caller's subtree reads as missing
      ',无代码,P1,castle', // line 9: no code, bad kind
    ].join('\n');
    const response = await call(instance, p1, { method: 'POST', url: '/api/units/import', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.code).toBe('FW_UNIT_IMPORT_INVALID');
    expect(body.errors.map((e: { params: { row: number }; code: string }) => `${e.params.row} ${e.code}`)).toEqual([
      '3 FW_UNIT_ROW_MISSING_PARENT',
      '4 FW_UNIT_ROW_DUPLICATE',
      '5 FW_UNIT_ROW_EXISTS',
      '6 FW_UNIT_ROW_CYCLE',
      '7 FW_UNIT_ROW_CYCLE',
      '8 FW_UNIT_ROW_MISSING_PARENT',
      '9 FW_UNIT_ROW_INVALID',
      '9 FW_UNIT_ROW_INVALID',
    ]);
    expect(body.errors[0]).toMatchObject({ path: '/1/parentCode', message: '第 3 行：上级单位「C99」不存在' });
    expect(body.errors[3].message).toBe('第 6 行：上下级关系形成了循环（A1 → B1 → A1）');
    const [count] = await instance.db.sequelize.query("SELECT count(*)::int AS n FROM units WHERE code IN ('C15', 'X151', 'A1', 'B1', 'X152')");
    expect(count).toEqual([{ n: 0 }]);
  });

  it('imports thousands of rows in one go', async () => {
    const rows = [];
    for (let c = 0; c < 60; c++) {
      rows.push({ code: `BC${c}`, name: `市${c}`, parentCode: 'P1' });
      for (let x = 0; x < 50; x++) rows.push({ code: `BX${c}-${x}`, name: `县${c}-${x}`, parentCode: `BC${c}` });
    }
    const started = performance.now();
    const response = await call(instance, p1, { method: 'POST', url: '/api/units/import', payload: rows });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ imported: 3060 });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect((await call(instance, p1, { method: 'GET', url: '/api/units' })).json().length).toBeGreaterThan(3060);
  });

  it('refuses malformed CSV and bodies that are not lists of rows', async () => {
    const csv = 'code,name,parentCode\n"broken,row\n';
    const malformed = await call(instance, p1, { method: 'POST', url: '/api/units/import', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('FW_REQ_MALFORMED_CSV');
    expect((await call(instance, p1, { method: 'POST', url: '/api/units/import', payload: { code: 'X' } })).statusCode).toBe(422);
  });
});

describe('designated administrators', () => {
  it('lists a unit’s administrators to that unit and the units above, not to siblings', async () => {
    const list = await call(instance, hq, { method: 'GET', url: '/api/units/P1/admins' });
    expect(list.json().map((u: { username: string; status: string }) => [u.username, u.status])).toEqual([['p1-admin', 'active']]);
    expect((await call(instance, p1, { method: 'GET', url: '/api/units/P1/admins' })).statusCode).toBe(200);
    expect((await call(instance, p1, { method: 'GET', url: '/api/units/P2/admins' })).statusCode).toBe(404);
    expect((await call(instance, c11, { method: 'GET', url: '/api/units/C11/admins' })).statusCode).toBe(403);
  });
});
