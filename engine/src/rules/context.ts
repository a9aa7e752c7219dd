/**
 * The evaluation context: who is acting, where, when and in which state. The runtime fills it;
 * the engine never reads a clock or a session itself.
 */
export interface EvaluationContext {
  /** The current instant, ISO 8601 (injected: the engine reads no clock). */
  now?: string;
  /** Today's date in China (YYYY-MM-DD), derived from `now` when not given. */
  today?: string;
  user?: { username: string; roles: string[] };
  unit?: { code: string; name?: string; level: number };
  /** The record's workflow state. */
  state?: string;
  /** Whole days since the record entered its state. */
  daysInState?: number;
  /** True when the runtime evaluates a record whose deadline has passed. */
  overdue?: boolean;
  /** The report period, for report modules (e.g. 2026Q3). */
  period?: string;
  record?: { id?: string; createdAt?: string; unitCode?: string };
  [key: string]: unknown;
}

/** What rules may read from the context fact, by JSON Pointer (first one or two segments). */
export const CONTEXT_POINTERS: ReadonlySet<string> = new Set([
  '/now', '/today',
  '/user', '/user/username', '/user/roles',
  '/unit', '/unit/code', '/unit/name', '/unit/level',
  '/state', '/daysInState', '/overdue', '/period',
  '/record', '/record/id', '/record/createdAt', '/record/unitCode',
]);

/** Whether a context pointer is one the runtime supplies. */
export function isContextPointer(pointer: string): boolean {
  const parts = pointer.split('/');
  // '/user/roles/0' is fine when '/user/roles' is known.
  for (let n = parts.length; n >= 2; n--) {
    if (CONTEXT_POINTERS.has(parts.slice(0, n).join('/'))) return true;
  }
  return false;
}

/** The context with `today` filled from `now` (China time). */
export function withToday(context: EvaluationContext): EvaluationContext {
  if (context.today !== undefined || typeof context.now !== 'string') return context;
  const t = Date.parse(context.now);
  if (Number.isNaN(t)) return context;
  return { ...context, today: new Date(t + 8 * 3_600_000).toISOString().slice(0, 10) };
}
