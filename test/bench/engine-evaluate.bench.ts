/**
 * Engine evaluation against its baselines on the same schema and the same 20 rules:
 * bare ajv (validation only), bare json-rules-engine (rules only), and both in sequence.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { Engine } from 'json-rules-engine';
import { compileDefinition, evaluate } from '../../engine/src/index.js';
import { fmt, measure, type BenchResult } from './harness.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

const FIELDS = 20;
const properties = Object.fromEntries(Array.from({ length: FIELDS }, (_, i) => [`n${i}`, { type: 'integer', title: `数值${i}`, minimum: 0 }]));
const schema = { type: 'object', required: Object.keys(properties), additionalProperties: false, properties };
const rules = Array.from({ length: FIELDS }, (_, i) => ({
  name: `r${i}`,
  conditions: { all: [{ fact: 'data', path: `/n${i}`, operator: 'greaterThan', value: { fact: 'data', path: `/n${(i + 1) % FIELDS}` } }] },
  event: { type: 'warning', params: { path: `/n${i}`, message: { 'zh-CN': `数值${i}大于下一项` } } },
}));
const definition = { key: 'bench', kind: 'record', title: { 'zh-CN': '基准' }, schema, rules };
const valid = Object.fromEntries(Object.keys(properties).map((k, i) => [k, i % 3]));
const invalid = { ...valid, n3: -1, n7: 'x', extra: true };

export async function run(): Promise<BenchResult> {
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  const bareValidate = ajv.compile(schema);
  const bareEngine = new Engine(
    rules.map((r) => ({
      name: r.name,
      conditions: {
        all: r.conditions.all.map((c) => ({ fact: 'data', path: `$.${c.path.slice(1)}`, operator: c.operator, value: { fact: 'data', path: `$.${c.value.path.slice(1)}` } })),
      },
      event: r.event,
    })),
    { allowUndefinedFacts: true },
  );
  const compiled = compileDefinition(definition);

  const ajvOnly = await measure('bare ajv', () => bareValidate(valid));
  const jreOnly = await measure('bare json-rules-engine', () => bareEngine.run({ data: valid }));
  const both = await measure('ajv + json-rules-engine', async () => {
    bareValidate(valid);
    await bareEngine.run({ data: valid });
  });
  const ours = await measure('formwork evaluate (valid data)', () => evaluate(compiled, valid, { now: '2026-01-01T00:00:00Z' }));
  const oursInvalid = await measure('formwork evaluate (3 errors)', () => evaluate(compiled, invalid, { now: '2026-01-01T00:00:00Z' }));

  const compileStart = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  const kept = Array.from({ length: 50 }, () => compileDefinition(definition));
  const compileMs = (performance.now() - compileStart) / kept.length;
  const heapPerModule = (process.memoryUsage().heapUsed - heapBefore) / kept.length;

  return {
    title: `Engine evaluation: ${FIELDS} fields, ${FIELDS} rules (one process, 2 s each)`,
    rows: [
      { name: ajvOnly.name, value: `${fmt(ajvOnly.opsPerSecond)} /s` },
      { name: jreOnly.name, value: `${fmt(jreOnly.opsPerSecond)} /s` },
      { name: both.name, value: `${fmt(both.opsPerSecond)} /s`, note: 'baseline' },
      { name: ours.name, value: `${fmt(ours.opsPerSecond)} /s`, note: `${fmt(ours.opsPerSecond / both.opsPerSecond)}× baseline` },
      { name: oursInvalid.name, value: `${fmt(oursInvalid.opsPerSecond)} /s`, note: `${fmt(oursInvalid.opsPerSecond / both.opsPerSecond)}× baseline` },
      { name: 'compile one definition', value: `${fmt(compileMs)} ms` },
      { name: 'heap per compiled definition', value: `${fmt(heapPerModule / 1024)} KiB` },
    ],
  };
}
