/**
 * The runtime's named facts and links: counts, sums, lookups and lists of other records,
 * answered from PostgreSQL. Scope is the record's unit subtree unless `scope` says `unit` or
 * `root`. A fact never reads beyond what the unit evaluating it (the record's holder, or the
 * caller's unit for a new record) may read: a `root` fact is answered only where the holder is
 * the root unit, and elsewhere withheld (undefined: the rules reading it do not fire, and the
 * evaluation carries FW_FACT_WITHHELD), so no count reveals records the reader cannot see.
 *
 * Params (in the definition's `facts`, a condition's `params`, or a `links` entry):
 *   module   the module whose records are read
 *   where    { "<pointer>": condition } where a condition is a literal (equality),
 *            { "fromData": "<pointer in this record>" }, { "fromContext": "<pointer>" }, or
 *            { "op": "gt" | "gte" | "lt" | "lte" | "ne" | "in", "value": a literal or one of those }
 *   states / notStates   workflow states to include / exclude
 *   scope    "subtree" (default) | "unit" | "root"
 *   field    the summed field (recordSum)
 */
import type { Sequelize } from 'sequelize';
import type { Tx } from '../platform/db/sql.js';
import {
  getAt,
  previousPeriod,
  type Period,
  parsePointer,
  setAt,
  type EvaluationContext,
  type FactDeclaration,
  type FactProvider,
  type FactRequest,
} from '../../../engine/src/index.js';
import { countRecords, listMatching, lookupRecord, sumRecords, type Comparison, type FactQuery } from './fact-store.js';
import { findPeriodReport } from '../reports/report-store.js';

export interface FactScope {
  /** The record being evaluated (excluded from its own counts). */
  recordId?: string;
  unitPath: string;
  /** The unit evaluating (the holder, or the caller's unit for a new record): what the fact may read at most. */
  reachPath: string;
  /** Report records: whose report it is, for which period (the previousPeriod fact). */
  report?: { moduleKey: string; unitCode: string; period: Period };
}

export interface QueryParams {
  module?: unknown;
  where?: Record<string, unknown>;
  states?: string[];
  notStates?: string[];
  scope?: 'subtree' | 'unit' | 'root';
}

const OPS = new Set(['gt', 'gte', 'lt', 'lte', 'ne', 'in', 'nin']);

/**
 * Turns params into a query over other records, resolving values from this record and the
 * context; undefined when a condition needs a value this record does not have (matches nothing).
 */
export function buildQuery(params: QueryParams, data: unknown, context: EvaluationContext, scope: FactScope): FactQuery | undefined {
  if (typeof params.module !== 'string') return undefined;
  const resolve = (value: unknown): unknown => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if ('fromData' in value) return getAt(data, String((value as { fromData: unknown }).fromData));
      if ('fromContext' in value) return getAt(context, String((value as { fromContext: unknown }).fromContext));
    }
    return value;
  };
  const containment: Record<string, unknown> = {};
  const comparisons: Comparison[] = [];
  for (const [pointer, condition] of Object.entries(params.where ?? {})) {
    const isOp = condition !== null && typeof condition === 'object' && 'op' in condition && OPS.has(String((condition as { op: unknown }).op));
    const value = resolve(isOp ? (condition as { value?: unknown }).value : condition);
    if (value === undefined) return undefined;
    if (isOp) comparisons.push({ path: parsePointer(pointer), op: (condition as { op: Comparison['op'] }).op, value });
    else setAt(containment, pointer, value);
  }
  return {
    moduleKey: params.module,
    scopePath: params.scope === 'root' ? null : scope.unitPath,
    unitOnly: params.scope === 'unit',
    containment,
    comparisons,
    ...(params.states ? { states: params.states } : {}),
    ...(params.notStates ? { notStates: params.notStates } : {}),
    ...(scope.recordId ? { excludeId: scope.recordId } : {}),
  };
}

export class RecordFactProvider implements FactProvider {
  /** `tx`: the transaction of the write being evaluated, whose connection the facts are read on. */
  constructor(
    private readonly sequelize: Sequelize,
    private readonly scope: FactScope,
    private readonly tx?: Tx,
  ) {}

  /** The facts withheld in this evaluation (wider than the evaluating unit may read). */
  readonly withheld = new Set<string>();

  async resolve(name: string, declaration: FactDeclaration, request: FactRequest): Promise<unknown> {
    if (declaration.provider === 'previousPeriod') return this.previous(request.params as { states?: string[] });
    const params = request.params as QueryParams & { field?: string };
    if (params.scope === 'root' && this.scope.reachPath.includes('.')) {
      this.withheld.add(name);
      return undefined;
    }
    const query = buildQuery(params, request.data, request.context, this.scope);
    if (!query) return typeof params.module === 'string' ? (declaration.provider === 'recordLookup' ? null : 0) : declaration.default;
    switch (declaration.provider) {
      case 'recordCount':
        return countRecords(this.sequelize, query, this.tx);
      case 'recordSum':
        return typeof params.field === 'string' ? sumRecords(this.sequelize, query, parsePointer(params.field), this.tx) : declaration.default;
      case 'recordLookup':
        return (await lookupRecord(this.sequelize, query, this.tx)) ?? null;
      default:
        return declaration.default;
    }
  }

  /** The data of the same unit's report for the period before, or null. */
  private async previous(params: { states?: string[] }): Promise<unknown> {
    const report = this.scope.report;
    if (!report) return null;
    const found = await findPeriodReport(this.sequelize, {
      moduleKey: report.moduleKey,
      unitCode: report.unitCode,
      period: previousPeriod(report.period).key,
      ...(Array.isArray(params.states) ? { states: params.states } : {}),
    }, this.tx);
    return found?.data ?? null;
  }
}

export { listMatching };
