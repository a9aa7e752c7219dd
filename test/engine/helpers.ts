/** Small builders for engine tests. */
import { compileDefinition, DefinitionError, type Problem } from '../../engine/src/index.js';

/** A minimal valid record definition, with overrides. */
export function definition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key: 'sample',
    kind: 'record',
    title: { 'zh-CN': '样例', en: 'Sample' },
    schema: {
      type: 'object',
      properties: {
        name: { type: 'string', title: '姓名' },
        age: { type: 'integer', title: '年龄', minimum: 0 },
        startDate: { type: 'string', format: 'date', title: '开始日期' },
        endDate: { type: 'string', format: 'date', title: '结束日期' },
      },
    },
    ...overrides,
  };
}

/** The problems a definition is refused with (fails the test when it compiles). */
export function refusal(input: unknown, options: Parameters<typeof compileDefinition>[1] = {}): Problem[] {
  try {
    compileDefinition(input, options);
  } catch (error) {
    if (error instanceof DefinitionError) return error.problems;
    throw error;
  }
  throw new Error('the definition was accepted');
}

/** `path code` pairs, for compact assertions. */
export function pairs(problems: readonly { path: string; code: string }[]): string[] {
  return problems.map((p) => `${p.path} ${p.code}`);
}
