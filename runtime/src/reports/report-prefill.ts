/**
 * "Enter once, use at many levels": the figures of a report computed from records of other
 * modules — count or sum of the records whose date field falls inside the period, matching the
 * field conditions, within the filling unit's subtree (or the unit alone).
 */
import type { Sequelize } from 'sequelize';
import type { Tx } from '../platform/db/sql.js';
import { FormworkError, parsePeriod, parsePointer, periodTitle, setAt, submittableFrom, type CompiledModule, type Period, type Prefill } from '../../../engine/src/index.js';
import { figures, type Comparison, type FactQuery } from '../records/fact-store.js';

/** The query behind one pre-filled figure. */
export function prefillQuery(prefill: Prefill, unitPath: string, period: Period): FactQuery {
  const containment: Record<string, unknown> = {};
  const comparisons: Comparison[] = [];
  for (const condition of prefill.where ?? []) {
    const path = parsePointer(condition.path);
    switch (condition.operator) {
      case 'equal':
        setAt(containment, condition.path, condition.value);
        break;
      case 'notEqual':
        // A record without the field is "not equal" too.
        comparisons.push({ path, op: 'nin', value: [condition.value] });
        break;
      case 'in':
        comparisons.push({ path, op: 'in', value: condition.value });
        break;
      case 'notIn':
        comparisons.push({ path, op: 'nin', value: condition.value });
        break;
    }
  }
  // Dates are YYYY-MM-DD strings (or ISO date-times): the period is [start, end).
  const date = parsePointer(prefill.dateField);
  comparisons.push({ path: date, op: 'gte', value: period.start }, { path: date, op: 'lt', value: period.end });
  return {
    moduleKey: prefill.module,
    scopePath: unitPath,
    unitOnly: prefill.scope === 'unit',
    containment,
    comparisons,
    ...(prefill.states ? { states: prefill.states } : {}),
  };
}

/** The period of a report record, parsed by its template's period type. */
export function periodOfRecord(compiled: CompiledModule, period: string | null): Period | undefined {
  if (!compiled.report || period === null) return undefined;
  return parsePeriod(compiled.report.spec.period, period);
}

/**
 * Whether a step from `from` to `to` submits a report record before its period allows (it
 * leaves a draft for a state that is not one, and the template does not allow submitting before
 * the period's last day): the refusal to throw, or undefined when the step may go now.
 */
export function earlySubmission(compiled: CompiledModule, record: { state: string; period: string | null }, to: string, now: Date): FormworkError | undefined {
  const states = compiled.workflow.states;
  if (!states[record.state]?.draft || states[to]?.draft) return undefined;
  const period = periodOfRecord(compiled, record.period);
  const opens = period ? submittableFrom(compiled.report!.spec, period) : undefined;
  if (!period || !opens || now >= opens) return undefined;
  return new FormworkError('FW_REPORT_PERIOD_OPEN', { period: periodTitle(period), from: period.last });
}

/** Every pre-filled figure of a report for a unit and period, by JSON Pointer. */
export async function computePrefill(sequelize: Sequelize, compiled: CompiledModule, unitPath: string, period: Period, tx?: Tx): Promise<Record<string, number>> {
  const entries = compiled.report?.prefilled ?? [];
  // Every figure in one statement: a report with 24 pre-filled counts is one round trip, not 24.
  const values = await figures(
    sequelize,
    entries.map((entry) => {
      const prefill = entry.prefill!;
      const query = prefillQuery(prefill, unitPath, period);
      return prefill.op === 'sum' && prefill.field !== undefined ? { query, sumPath: parsePointer(prefill.field) } : { query };
    }),
    tx,
  );
  return Object.fromEntries(entries.map((entry, i) => [entry.pointer, values[i]!]));
}
