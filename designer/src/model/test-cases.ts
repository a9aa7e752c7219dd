/**
 * A definition's test cases as the tests tab shows them: an expectation taken from what the
 * engine gave (so a rule author fixes the outcome once and is told when it changes), and the
 * difference between what a case expects and what it got, item by item, in the engine's own
 * terms (the runner, engine/src/definition/run-tests.ts, decides pass or fail).
 */
import type { TestCaseResult } from '../../../runtime/web/kit/engine';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What a test case expects (the meta-model's TestExpectation). */
export interface Expectation {
  valid?: boolean;
  errors?: { path: string; code: string }[];
  warnings?: { path: string; code: string }[];
  events?: { type: string; params?: Obj }[];
  derived?: Obj;
}

type Actual = TestCaseResult['actual'];

/** The params of an event an expectation keeps: where it goes and to whom (messages left out). */
function eventKey(event: { type: string; params: Obj }): { type: string; params?: Obj } {
  const keep = ['to', 'role', 'reassign', 'paths', 'module'];
  const params = Object.fromEntries(Object.entries(event.params).filter(([k]) => keep.includes(k)));
  return Object.keys(params).length > 0 ? { type: event.type, params } : { type: event.type };
}

/** Events an expectation lists: those not already shown as errors, warnings or computed values. */
const EXPECTED_EVENTS = new Set(['require', 'hide', 'route', 'escalate', 'notify', 'create']);

/** The expectation that says exactly what the engine gave. */
export function expectationOf(actual: Actual): Expectation {
  const events = actual.events.filter((e) => EXPECTED_EVENTS.has(e.type)).map((e) => eventKey(e as { type: string; params: Obj }));
  return {
    valid: actual.errors.length === 0,
    errors: actual.errors.map((p) => ({ path: p.path, code: p.code })),
    warnings: actual.warnings.map((p) => ({ path: p.path, code: p.code })),
    ...(events.length > 0 ? { events } : {}),
    ...(Object.keys(actual.derived).length > 0 ? { derived: structuredClone(actual.derived) } : {}),
  };
}

/** One line of a diff: what was expected, what came, whether they agree. */
export interface DiffLine {
  kind: 'valid' | 'errors' | 'warnings' | 'events' | 'derived';
  /** `path code` (problems), the event type and params, or the computed field's pointer. */
  key: string;
  expected?: unknown;
  got?: unknown;
  ok: boolean;
}

const subset = (want: unknown, have: unknown): boolean => {
  if (isObj(want)) return isObj(have) && Object.entries(want).every(([k, v]) => subset(v, have[k]));
  return JSON.stringify(want) === JSON.stringify(have);
};

/** Expected against got, item by item (problems as sets; events and computed values as the runner compares them). */
export function diffCase(expect: Expectation, actual: Actual): DiffLine[] {
  const lines: DiffLine[] = [];
  if (expect.valid !== undefined) lines.push({ kind: 'valid', key: 'valid', expected: expect.valid, got: actual.errors.length === 0, ok: expect.valid === (actual.errors.length === 0) });
  for (const kind of ['errors', 'warnings'] as const) {
    const got = new Set(actual[kind].map((p) => `${p.path} ${p.code}`));
    const want = expect[kind];
    for (const p of want ?? []) lines.push({ kind, key: `${p.path} ${p.code}`, expected: true, got: got.has(`${p.path} ${p.code}`), ok: got.has(`${p.path} ${p.code}`) });
    if (want) {
      const wanted = new Set(want.map((p) => `${p.path} ${p.code}`));
      for (const key of got) if (!wanted.has(key)) lines.push({ kind, key, expected: false, got: true, ok: false });
    }
  }
  for (const event of expect.events ?? []) {
    const found = actual.events.some((e) => e.type === event.type && subset(event.params ?? {}, e.params));
    lines.push({ kind: 'events', key: event.type, expected: event, got: found ? event : undefined, ok: found });
  }
  for (const [pointer, value] of Object.entries(expect.derived ?? {})) {
    const has = pointer in actual.derived;
    lines.push({ kind: 'derived', key: pointer, expected: value, got: has ? actual.derived[pointer] : undefined, ok: has && JSON.stringify(actual.derived[pointer]) === JSON.stringify(value) });
  }
  return lines;
}
