/**
 * The answers keep to the contract: every API route declares the schema of its success answer,
 * and a field a service sends that its route's schema lacks (which fastify's serializer would
 * silently drop) fails the request in test instances, so every API test catches that drift.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serializationDrift } from '../../runtime/src/platform/http/response-check.js';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let admin: string;

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  admin = await login(instance);
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('response schemas', () => {
  it('every API route declares the schema of its success answer', () => {
    // The documentation UI's own routes (swagger-ui's files) are not part of the API.
    const api = instance.app.routeTable.filter((r) => r.url.startsWith('/api') && !r.url.startsWith('/api/docs'));
    expect(api.length).toBeGreaterThan(40);
    const undeclared = api.filter((r) => !r.responses.some((status) => /^2(\d\d|xx)$/.test(status)));
    expect(undeclared.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });
});

describe('the serializer check of test instances', () => {
  it('passes an answer its schema describes, unchanged', async () => {
    const response = await call(instance, admin, { method: 'GET', url: '/api/units/HQ' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ code: 'HQ', name: '总部', parentCode: null, level: 1, kind: 'company' });
  });

  it('fails an answer holding a field its schema lacks, naming each such field', async () => {
    const get = instance.ctx.units.get.bind(instance.ctx.units);
    const spy = vi.spyOn(instance.ctx.units, 'get').mockImplementation(async (...args) => {
      const unit = await get(...args);
      const drifted = { ...unit, path: '1', sortOrder: 3 };
      return drifted;
    });
    try {
      const response = await call(instance, admin, { method: 'GET', url: '/api/units/HQ' });
      expect(response.statusCode).toBe(500);
      const body = response.json();
      expect(body.code).toBe('FW_INTERNAL');
      expect(body.message).toContain('GET /api/units/:code answered 200');
      expect(body.errors).toEqual([
        { path: '/path', code: 'RESPONSE_FIELD_DROPPED', message: 'sent by the service, missing from the response schema' },
        { path: '/sortOrder', code: 'RESPONSE_FIELD_DROPPED', message: 'sent by the service, missing from the response schema' },
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('fails an answer the serializer writes differently (a fraction where an integer is declared)', async () => {
    const get = instance.ctx.units.get.bind(instance.ctx.units);
    const spy = vi.spyOn(instance.ctx.units, 'get').mockImplementation(async (...args) => ({ ...(await get(...args)), level: 1.5 }));
    try {
      const response = await call(instance, admin, { method: 'GET', url: '/api/units/HQ' });
      expect(response.statusCode).toBe(500);
      expect(response.json().errors).toEqual([{ path: '/level', code: 'RESPONSE_VALUE_CHANGED', message: 'sent 1.5, serialized as 1' }]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('serializationDrift', () => {
  const cases: { description: string; sent: unknown; written: unknown; drift: string[] }[] = [
    { description: 'the same answer', sent: { a: 1, b: [{ c: 'x' }] }, written: { a: 1, b: [{ c: 'x' }] }, drift: [] },
    { description: 'a dropped top-level field', sent: { a: 1, b: 2 }, written: { a: 1 }, drift: ['/b RESPONSE_FIELD_DROPPED'] },
    { description: 'a field dropped inside an array item', sent: { items: [{ id: 1 }, { id: 2, x: 0 }] }, written: { items: [{ id: 1 }, { id: 2 }] }, drift: ['/items/1/x RESPONSE_FIELD_DROPPED'] },
    { description: 'keys escaped as JSON Pointers', sent: { 'a/b': { '~c': 1 } }, written: { 'a/b': {} }, drift: ['/a~1b/~0c RESPONSE_FIELD_DROPPED'] },
    { description: 'a value written differently', sent: { n: null }, written: { n: '' }, drift: ['/n RESPONSE_VALUE_CHANGED'] },
    { description: 'a default the schema adds', sent: { a: 1 }, written: { a: 1, b: 0 }, drift: [] },
  ];
  for (const c of cases) {
    it(c.description, () => {
      expect(serializationDrift(c.sent, c.written).map((d) => `${d.path} ${d.code}`)).toEqual(c.drift);
    });
  }
});
