import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDefinition, runDefinitionTests } from '../../engine/src/index.js';

const gift = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/definitions/gift-register.json'), 'utf8'));

describe('runDefinitionTests', () => {
  it('passes a definition whose cases hold', async () => {
    const run = await runDefinitionTests(compileDefinition(gift));
    expect(run).toMatchObject({ passed: gift.tests.length, failed: 0 });
  });

  it('reports each failing case and what differed', async () => {
    const broken = structuredClone(gift);
    broken.tests = [
      { name: 'wrong error expected', data: { cadreName: '张三', receivedOn: '2026-03-01', handedInOn: '2026-03-02', kind: 'gift', value: 1 }, expect: { errors: [{ path: '/value', code: 'FW_VAL_MINIMUM' }] } },
      { name: 'missing event', data: { cadreName: '张三', receivedOn: '2026-03-01', handedInOn: '2026-03-02', kind: 'gift', value: 1 }, expect: { events: [{ type: 'notify' }] } },
      { name: 'wrong derived value', data: { cadreName: '张三', receivedOn: '2026-03-01', handedInOn: '2026-03-02', kind: 'gift', value: 1, quantity: 2, unitPrice: 3 }, expect: { derived: { '/total': 7 } } },
      { name: 'not valid', data: {}, expect: { valid: true } },
      { name: 'holds', data: {}, expect: { valid: false } },
    ];
    const run = await runDefinitionTests(compileDefinition(broken));
    expect(run.passed).toBe(1);
    expect(run.failed).toBe(4);
    expect(run.results.map((r) => [r.name, r.passed])).toEqual([
      ['wrong error expected', false],
      ['missing event', false],
      ['wrong derived value', false],
      ['not valid', false],
      ['holds', true],
    ]);
    expect(run.results[0]!.failures).toEqual(['missing errors: /value FW_VAL_MINIMUM']);
    expect(run.results[1]!.failures).toEqual(['missing event notify {}']);
    expect(run.results[2]!.failures).toEqual(['derived /total: expected 7, got 6']);
    expect(run.results[3]!.failures[0]).toMatch(/^expected valid data, got errors .*\/cadreName FW_VAL_REQUIRED/);
  });
});
