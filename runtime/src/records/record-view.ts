/**
 * How a stored record is shown by the API, and the cursor of record lists. Pure functions of a
 * stored row.
 */
import { FormworkError, type AccessSite, type CompiledModule, type CompiledTransition } from '../../../engine/src/index.js';
import type { StoredRecord } from './record-store.js';
import type { AvailableAction, RecordView } from './record-service.js';

/** The workflow part of a stored record, to be carried over by a write that changes something else. */
export function stateOf(record: StoredRecord) {
  return {
    moduleVersion: record.moduleVersion,
    assignedUnit: record.assignedUnit,
    assignedRole: record.assignedRole,
    state: record.state,
    final: record.final,
    stateSeq: record.stateSeq,
    stateEnteredAt: record.stateEnteredAt,
    awaitingRoles: record.awaitingRoles,
    deadlineAt: record.deadlineAt,
    overdueAt: record.overdueAt,
    data: record.data,
    derived: record.derived,
    warnings: record.warnings,
  };
}

/** A record as the API shows it (without what depends on the caller: actions, links). */
export function view(record: StoredRecord): RecordView {
  return {
    id: record.id,
    key: record.moduleKey,
    moduleVersion: record.moduleVersion,
    unitCode: record.unitCode,
    assignedUnit: record.assignedUnit,
    assignedRole: record.assignedRole,
    state: record.state,
    final: record.final,
    version: record.version,
    data: record.data,
    derived: record.derived,
    deadlineAt: record.deadlineAt?.toISOString() ?? null,
    overdue: record.overdueAt !== null,
    createdAt: record.createdAt.toISOString(),
    createdBy: record.createdBy,
    updatedAt: record.updatedAt.toISOString(),
    updatedBy: record.updatedBy,
    ...(record.period !== null ? { period: record.period, dueAt: record.dueAt?.toISOString() ?? null } : {}),
  };
}

/**
 * A record as one caller may see it (field access, README "Field access"): the fields hidden
 * from them left out of its data and computed values, the fields they may not edit named.
 */
export function viewFor(record: StoredRecord, compiled: CompiledModule, site: AccessSite): RecordView {
  const base = view(record);
  const access = compiled.workflow.access;
  if (!access.declared) return base;
  const derived = Object.fromEntries(Object.entries(base.derived).filter(([pointer]) => access.levelOf(pointer, site) !== 'hidden'));
  return { ...base, data: access.withoutHidden(base.data, site), derived, fieldAccess: access.restricted(site) };
}

/** A workflow transition as an action the caller may take. */
export function actionView(t: CompiledTransition): AvailableAction {
  return { action: t.action, title: t.title, to: t.to, requires: t.requires, comment: t.comment, ...(t.handoff ? { handoff: t.handoff } : {}) };
}

/** The opaque cursor after a listed record: the order it was listed in, its sort value and id. */
export function encodeCursor(order: string, record: { sortValue: string; id: string }): string {
  return Buffer.from(JSON.stringify({ o: order, v: record.sortValue, id: record.id })).toString('base64url');
}

/** Reads a cursor this server gave for the same order; anything else is a bad query. */
export function decodeCursor(cursor: string, order: string): { value: string; id: string } {
  try {
    const { o, v, id } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o: unknown; v: unknown; id: unknown };
    if (o === order && typeof v === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { value: v, id };
  } catch {
    /* reported below */
  }
  throw new FormworkError('FW_REC_BAD_QUERY', { reason: 'cursor is not one this server gave for this order' });
}
