/**
 * What the workspace adds to the API: attachments on records, counts for the overview, the
 * remembered language, and the app itself served at / with its pages routed in the browser.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
const t: Record<string, string> = {};

const module = {
  key: 'evidence',
  kind: 'record',
  title: { 'zh-CN': '证据登记' },
  schema: {
    type: 'object',
    properties: {
      kind: { title: '类别', type: 'string', oneOf: [{ const: 'doc', title: '书证' }, { const: 'photo', title: '照片' }] },
      on: { title: '日期', type: 'string', format: 'date' },
      note: { title: '备注', type: 'string' },
    },
  },
};

function multipart(filename: string, content: Buffer, type = 'text/plain') {
  const boundary = 'fwboundary42';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url, { env: { FORMWORK_ATTACHMENT_MAX_MB: '1' } });
  const hq = await login(instance);
  await seedOrganisation(instance, hq);
  for (const [username, role, unit] of [['x-officer', 'officer', 'X111'], ['c-officer', 'officer', 'C11'], ['p2-officer', 'officer', 'P2'], ['hq-auditor', 'auditor', 'HQ']]) {
    await createUser(instance, { username: username!, roles: [role!], unitCode: unit! });
    t[username!] = await login(instance, username);
  }
  expect((await call(instance, hq, { method: 'POST', url: '/api/modules/evidence/versions', payload: module })).statusCode).toBe(201);
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

const create = async (who: string, data: object) => {
  const response = await call(instance, t[who], { method: 'POST', url: '/api/modules/evidence/records', payload: { data } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
};

describe('attachments', () => {
  it('are uploaded by the holding unit, listed, downloaded byte for byte, removed, and kept in the history', async () => {
    const { id } = await create('x-officer', { kind: 'doc' });
    const content = Buffer.from('谈话笔录：……\n'.repeat(200));
    const uploaded = await call(instance, t['x-officer'], { method: 'POST', url: `/api/records/${id}/attachments`, ...multipart('谈话笔录.txt', content) });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const attachment = uploaded.json();
    expect(attachment).toMatchObject({ filename: '谈话笔录.txt', size: content.length, contentType: 'text/plain', sha256: createHash('sha256').update(content).digest('hex') });

    // Units above read it; the bytes come back unchanged, always as a download.
    const list = await call(instance, t['c-officer'], { method: 'GET', url: `/api/records/${id}/attachments` });
    expect(list.json()).toEqual([expect.objectContaining({ id: attachment.id })]);
    const file = await call(instance, t['hq-auditor'], { method: 'GET', url: `/api/records/${id}/attachments/${attachment.id}` });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(content)).toBe(true);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('谈话笔录.txt'));
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);

    // Only the holding unit changes them; another province sees nothing at all.
    const above = await call(instance, t['c-officer'], { method: 'POST', url: `/api/records/${id}/attachments`, ...multipart('b.txt', Buffer.from('b')) });
    expect(above.statusCode).toBe(403);
    expect((await call(instance, t['p2-officer'], { method: 'GET', url: `/api/records/${id}/attachments` })).statusCode).toBe(404);
    expect((await call(instance, t['p2-officer'], { method: 'GET', url: `/api/records/${id}/attachments/${attachment.id}` })).statusCode).toBe(404);

    expect((await call(instance, t['x-officer'], { method: 'DELETE', url: `/api/records/${id}/attachments/${attachment.id}` })).statusCode).toBe(204);
    // Removing it again finds nothing, and writes no second history entry.
    expect((await call(instance, t['x-officer'], { method: 'DELETE', url: `/api/records/${id}/attachments/${attachment.id}` })).statusCode).toBe(404);
    expect((await call(instance, t['x-officer'], { method: 'GET', url: `/api/records/${id}/attachments` })).json()).toEqual([]);
    expect((await call(instance, t['x-officer'], { method: 'GET', url: `/api/records/${id}/attachments/${attachment.id}` })).statusCode).toBe(404);
    const history = (await call(instance, t['x-officer'], { method: 'GET', url: `/api/records/${id}/history` })).json();
    expect(history.map((h: { kind: string }) => h.kind)).toEqual(['create', 'attach', 'detach']);
    const audit = await call(instance, await login(instance), { method: 'GET', url: '/api/audit?action=record.*&limit=50' });
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['record.attach', 'record.attachment.list', 'record.attachment.read', 'record.detach']));
  });

  it('refuse what is not a file upload, an empty file, and a file over the limit', async () => {
    // Neither kind nor date (counted under 未填写 below), but not empty: an empty create makes nothing.
    const { id } = await create('x-officer', { note: '待补' });
    const json = await call(instance, t['x-officer'], { method: 'POST', url: `/api/records/${id}/attachments`, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const empty = await call(instance, t['x-officer'], { method: 'POST', url: `/api/records/${id}/attachments`, ...multipart('empty.txt', Buffer.alloc(0)) });
    expect(empty.json().code).toBe('FW_ATTACHMENT_EMPTY');
    const big = await call(instance, t['x-officer'], { method: 'POST', url: `/api/records/${id}/attachments`, ...multipart('big.bin', Buffer.alloc(1024 * 1024 + 10, 1)) });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('FW_ATTACHMENT_TOO_LARGE');
    // A broken body (cut short, or no boundary) is the client's fault: 422, not 500.
    const { payload, headers } = multipart('cut.txt', Buffer.from('abc'));
    const cut = await call(instance, t['x-officer'], { method: 'POST', url: `/api/records/${id}/attachments`, payload: payload.subarray(0, payload.length - 20), headers });
    expect(cut.statusCode, cut.body).toBe(422);
    expect(cut.json().code).toBe('FW_REQ_INVALID');
    const noBoundary = await call(instance, t['x-officer'], { method: 'POST', url: `/api/records/${id}/attachments`, payload, headers: { 'content-type': 'multipart/form-data' } });
    expect(noBoundary.statusCode, noBoundary.body).toBe(422);
    // Other routes take JSON only: a multipart body there is 415, and runs nothing.
    const elsewhere = await call(instance, t['x-officer'], { method: 'PATCH', url: `/api/records/${id}`, payload, headers: { ...headers, 'if-match': '"1"' } });
    expect(elsewhere.statusCode, elsewhere.body).toBe(415);
    // A hostile name loses its path and control characters; an unknown type is served as bytes.
    const odd = await call(instance, t['x-officer'], { method: 'POST', url: `/api/records/${id}/attachments`, ...multipart('../../etc/pass\u0007wd.html', Buffer.from('<script>'), 'text/html') });
    expect(odd.json()).toMatchObject({ filename: 'passwd.html', contentType: 'application/octet-stream' });
    expect((await call(instance, t['x-officer'], { method: 'GET', url: `/api/records/${id}/attachments` })).json()).toHaveLength(1);
  });
});

describe('overview counts', () => {
  it('count records of the subtree by state, field (with code titles), month and child unit', async () => {
    await create('c-officer', { kind: 'photo', on: '2026-03-02' });
    await create('c-officer', { kind: 'doc', on: '2026-03-20' });
    await create('p2-officer', { kind: 'doc', on: '2026-04-01' });
    const stats = async (who: string, q: string) => {
      const response = await call(instance, t[who], { method: 'GET', url: `/api/modules/evidence/stats?${q}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { total: number; groups: { key: string | null; label: string; count: number }[] };
    };
    const all = await stats('hq-auditor', 'by=state');
    const listed = (await call(instance, t['hq-auditor'], { method: 'GET', url: '/api/modules/evidence/records?limit=500' })).json().items;
    expect(all.total).toBe(listed.length);
    expect(all.groups).toEqual([{ key: 'draft', label: '草稿', count: listed.length }]);
    const kinds = await stats('hq-auditor', 'by=/kind');
    const count = (k: unknown) => listed.filter((r: { data: { kind?: string } }) => r.data.kind === k).length;
    expect(kinds.groups).toEqual(
      expect.arrayContaining([
        { key: 'doc', label: '书证', count: count('doc') },
        { key: 'photo', label: '照片', count: count('photo') },
        { key: null, label: '（未填写）', count: count(undefined) },
      ]),
    );
    const months = await stats('hq-auditor', 'by=month:/on');
    expect(months.groups.filter((g) => g.key !== null)).toEqual([
      { key: '2026-03', label: '2026-03', count: 2 },
      { key: '2026-04', label: '2026-04', count: 1 },
    ]);
    const units = await stats('hq-auditor', 'by=unit');
    expect(units.groups).toEqual(expect.arrayContaining([{ key: 'P1', label: '甲省公司', count: listed.length - 1 }, { key: 'P2', label: '乙省公司', count: 1 }]));
    // A unit sees its own subtree only; another's is out of reach.
    expect((await stats('c-officer', 'by=state')).total).toBe(listed.length - 1);
    expect((await call(instance, t['c-officer'], { method: 'GET', url: '/api/modules/evidence/stats?by=state&unit=P2' })).statusCode).toBe(404);
    expect((await call(instance, t['c-officer'], { method: 'GET', url: '/api/modules/evidence/stats?by=/nope' })).statusCode).toBe(422);
    expect((await call(instance, t['c-officer'], { method: 'GET', url: '/api/modules/evidence/stats?by=month:/kind' })).statusCode).toBe(422);
  });
});

describe('preferences and the app', () => {
  it('remember the language per user', async () => {
    const me = async () => (await call(instance, t['x-officer'], { method: 'GET', url: '/api/auth/me' })).json();
    expect((await me()).preferences).toEqual({});
    const set = await call(instance, t['x-officer'], { method: 'PUT', url: '/api/auth/me/preferences', payload: { locale: 'en' } });
    expect(set.json()).toEqual({ locale: 'en' });
    const again = await login(instance, 'x-officer');
    expect((await call(instance, again, { method: 'GET', url: '/api/auth/me' })).json().preferences).toEqual({ locale: 'en' });
    expect((await call(instance, t['x-officer'], { method: 'PUT', url: '/api/auth/me/preferences', payload: { locale: 'fr' } })).statusCode).toBe(422);
  });

  it('serves the workspace at / and its pages, and JSON errors under /api', async () => {
    const root = await instance.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toContain('text/html');
    expect(root.body).toContain('<div id="root">');
    const page = await instance.app.inject({ method: 'GET', url: '/r/00000000-0000-0000-0000-000000000000' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(root.body);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(root.body)![1]!;
    const js = await instance.app.inject({ method: 'GET', url: asset });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    // React's production build, though this very run built it with NODE_ENV=test.
    expect(process.env.NODE_ENV).toBe('test');
    expect(js.body.includes('unique "key" prop') || js.body.includes('jsxDEV'), "React's development build was bundled").toBe(false);
    // A missing file (an asset of an older build) is a 404, not the app's page.
    const stale = await instance.app.inject({ method: 'GET', url: '/assets/index-gone.js' });
    expect(stale.statusCode).toBe(404);
    expect((await instance.app.inject({ method: 'GET', url: '/favicon.ico' })).statusCode).toBe(404);
    const api = await instance.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('FW_NOT_FOUND');
  });

  it('serves the designer at /designer/ and its pages, beside the workspace', async () => {
    const root = await instance.app.inject({ method: 'GET', url: '/designer/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('模板设计');
    const workspace = await instance.app.inject({ method: 'GET', url: '/' });
    expect(root.body).not.toBe(workspace.body);
    // A page address of the designer is the designer; the workspace's stay the workspace's.
    const page = await instance.app.inject({ method: 'GET', url: '/designer/drafts/00000000-0000-0000-0000-000000000000' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(root.body);
    expect((await instance.app.inject({ method: 'GET', url: '/inbox' })).body).toBe(workspace.body);
    const bare = await instance.app.inject({ method: 'GET', url: '/designer' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/designer/');
    const asset = /src="(\/designer\/assets\/[^"]+\.js)"/.exec(root.body)![1]!;
    const js = await instance.app.inject({ method: 'GET', url: asset });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await instance.app.inject({ method: 'GET', url: '/designer/assets/index-gone.js' })).statusCode).toBe(404);
  });
});
