/**
 * The runtime's named facts: counts, sums and lookups over other records, answered from
 * PostgreSQL. Scope is the record's unit subtree unless the definition says `unit` or `root`.
 *
 * Params (in the definition's `facts` or a condition's `params`):
 *   module   the module whose records are counted
 *   where    { "<pointer>": value | { "fromData": "<pointer in this record>" } } (equality)
 *   states / notStates   workflow states to include / exclude
 *   scope    "subtree" (default) | "unit" | "root"
 *   field    the summed field (recordSum)
 */
import type { Sequelize } from 'sequelize';
import { getAt, parsePointer, setAt, type FactDeclaration, type FactProvider, type FactRequest } from '../../../engine/src/index.js';
import { countRecords, lookupRecord, sumRecords, type FactQuery } from '../persistence/record-store.js';

export interface FactScope {
  /** The record being evaluated (excluded from its own counts). */
  recordId?: string;
  unitPath: string;
}

export class RecordFactProvider implements FactProvider {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly scope: FactScope,
  ) {}

  async resolve(_name: string, declaration: FactDeclaration, request: FactRequest): Promise<unknown> {
    const params = request.params as {
      module?: string;
      where?: Record<string, unknown>;
      states?: string[];
      notStates?: string[];
      scope?: 'subtree' | 'unit' | 'root';
      field?: string;
    };
    if (typeof params.module !== 'string') return declaration.default;
    const containment: Record<string, unknown> = {};
    for (const [pointer, value] of Object.entries(params.where ?? {})) {
      const resolved =
        value !== null && typeof value === 'object' && 'fromData' in value ? getAt(request.data, String((value as { fromData: unknown }).fromData)) : value;
      // A condition on a value this record does not have matches nothing.
      if (resolved === undefined) return declaration.provider === 'recordLookup' ? null : 0;
      setAt(containment, pointer, resolved);
    }
    const query: FactQuery = {
      moduleKey: params.module,
      scopePath: params.scope === 'root' ? null : this.scope.unitPath,
      unitOnly: params.scope === 'unit',
      containment,
      ...(params.states ? { states: params.states } : {}),
      ...(params.notStates ? { notStates: params.notStates } : {}),
      ...(this.scope.recordId ? { excludeId: this.scope.recordId } : {}),
    };
    switch (declaration.provider) {
      case 'recordCount':
        return countRecords(this.sequelize, query);
      case 'recordSum':
        return typeof params.field === 'string' ? sumRecords(this.sequelize, query, parsePointer(params.field)) : declaration.default;
      case 'recordLookup':
        return (await lookupRecord(this.sequelize, query)) ?? null;
      default:
        return declaration.default;
    }
  }
}
