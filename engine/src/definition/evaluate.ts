/**
 * evaluate: runs a compiled module on record data and reports everything at once — schema
 * errors, rule errors and warnings, fields made required by rules, computed values and the
 * events (route, escalate, notify …) the runtime acts on. Pure: the context carries the time.
 */
import { problem, type Problem } from '../errors/problem.js';
import { format } from '../errors/localize.js';
import { CODES } from '../errors/codes.js';
import { getAt, isEmptyValue, isWithin, parsePointer } from '../pointer/json-pointer.js';
import { withToday, type EvaluationContext } from '../rules/context.js';
import type { FactProvider, FiredEvent, RuleRun } from '../rules/rule-set.js';
import { MAX_DATA_DEPTH, isTooDeep } from '../validation/data-depth.js';
import { fallbackLabel } from '../validation/labels.js';
import type { CompiledModule } from './compile-module.js';
import type { LocalizedText } from './generated/module-definition.js';

export interface EvaluationResult {
  /** Every problem that blocks a final submission, each at its JSON Pointer. */
  errors: Problem[];
  warnings: Problem[];
  /** Every event fired, in rule order (highest priority first). */
  events: FiredEvent[];
  /** Computed values (`set` events) by JSON Pointer. */
  derived: Record<string, unknown>;
  /**
   * The data as evaluated and validated: a copy of the input with every computed value
   * applied. This is what a write stores; nobody re-applies `derived` (an input that is not an
   * object evaluates as an empty one).
   */
  data: Record<string, unknown>;
}

export interface EvaluateOptions {
  /** Values of named facts, by name (take precedence over the provider). */
  facts?: Readonly<Record<string, unknown>>;
  provider?: FactProvider;
}

export async function evaluate(
  compiled: CompiledModule,
  data: unknown,
  context: EvaluationContext = {},
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  if (isTooDeep(data)) {
    return { errors: [problem('', 'FW_VAL_TOO_DEEP', { limit: MAX_DATA_DEPTH })], warnings: [], events: [], derived: {}, data: {} };
  }
  const run = await compiled.rules.run(data, withToday(context), {
    ...(options.facts ? { values: options.facts } : {}),
    ...(options.provider ? { provider: options.provider } : {}),
  });
  return interpretRun(compiled, data, run);
}

/**
 * What a rule run means for `data` under a compiled module: schema errors of the data with the
 * computed values applied, rule errors and warnings, fields required by rules, hidden fields'
 * problems left out. `evaluate` is a run and this; the impact of a draft puts together the
 * run of a published version from rules it shares with the draft and is interpreted here.
 */
export function interpretRun(compiled: Pick<CompiledModule, 'validator' | 'fieldLabel'>, data: unknown, run: RuleRun): EvaluationResult {
  // Validate what will be stored: the data with computed values applied.
  const validated = isPlainData(data) ? run.data : data;
  const schemaErrors = compiled.validator.validate(validated);

  const hidden: string[] = [];
  const ruleErrors: Problem[] = [];
  const warnings: Problem[] = [];
  for (const event of run.events) {
    const params = event.params;
    switch (event.type) {
      case 'error':
        ruleErrors.push(ruleProblem(params, 'FW_RULE_ERROR'));
        break;
      case 'warning':
        warnings.push(ruleProblem(params, 'FW_RULE_WARNING'));
        break;
      case 'hide':
        hidden.push(...(params.paths as string[]));
        break;
      case 'require':
        for (const pointer of params.paths as string[]) {
          if (isEmptyValue(getAt(validated, pointer))) ruleErrors.push(requiredProblem(compiled, pointer));
        }
        break;
      default:
        break;
    }
  }

  const visible = (p: Problem) => !hidden.some((h) => isWithin(p.path, h));
  return {
    errors: dedupe([...schemaErrors, ...ruleErrors]).filter(visible),
    warnings: dedupe(warnings).filter(visible),
    events: run.events.map((e) => ({ ...e, params: structuredClone(e.params) })),
    derived: run.derived,
    data: run.data,
  };
}

function isPlainData(data: unknown): boolean {
  return data !== null && typeof data === 'object' && !Array.isArray(data);
}

function ruleProblem(params: Record<string, unknown>, fallback: 'FW_RULE_ERROR' | 'FW_RULE_WARNING'): Problem {
  const message = params.message as LocalizedText;
  return {
    path: params.path as string,
    code: (params.code as string | undefined) ?? fallback,
    message: { 'zh-CN': message['zh-CN'], en: message.en ?? message['zh-CN'] },
  };
}

/**
 * The problem of an empty field that must be filled (by the schema, a `require` rule or a
 * workflow step), named by the field's title; pointer segments are decoded (`~1` is `/`).
 */
export function requiredProblem(compiled: Pick<CompiledModule, 'fieldLabel'>, pointer: string): Problem {
  const label = compiled.fieldLabel(pointer);
  const last = parsePointer(pointer).pop();
  const base = problem(pointer, 'FW_VAL_REQUIRED');
  base.message = {
    'zh-CN': format(CODES.FW_VAL_REQUIRED['zh-CN'], { label: label?.['zh-CN'] ?? fallbackLabel(last, 'zh-CN') }),
    en: format(CODES.FW_VAL_REQUIRED.en, { label: label?.en ?? fallbackLabel(last, 'en') }),
  };
  return base;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.path}\u0000${p.code}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
