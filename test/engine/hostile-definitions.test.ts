/**
 * Definitions written to hurt: catastrophic regular expressions, $data, remote references,
 * endless reference cycles, oversized or overdeep schemas. Each is refused with a clear
 * problem at its path, never compiled.
 */
import { describe, expect, it } from 'vitest';
import { compileDefinition, evaluate, MAX_DEFINITION_BYTES, starHeightPatternChecker } from '../../engine/src/index.js';
import { recheckPatternChecker } from '../../runtime/src/modules/pattern-checker.js';
import { definition, pairs, refusal } from './helpers.js';

const withField = (field: unknown, extra: Record<string, unknown> = {}) =>
  definition({ schema: { type: 'object', properties: { field }, ...extra } });

describe('regular expressions that backtrack catastrophically (ReDoS)', () => {
  const exponential = ['^(a+)+$', '^(\\w+\\s?)*$', '^([a-zA-Z0-9]+)*@example\\.com$', '(x+x+)+y'];

  for (const checker of [
    { name: 'the engine default (star height)', options: {} },
    { name: 'the runtime (recheck)', options: { patternChecker: recheckPatternChecker } },
  ]) {
    describe(checker.name, () => {
      for (const pattern of exponential) {
        it(`refuses ${pattern} in pattern`, () => {
          const problems = refusal(withField({ type: 'string', pattern }), checker.options);
          expect(pairs(problems)).toEqual(['/schema/properties/field/pattern FW_DEF_UNSAFE_PATTERN']);
          expect(problems[0]!.message['zh-CN']).toContain('ReDoS');
        });
      }
      it('refuses an unsafe patternProperties key, at the key', () => {
        const problems = refusal(withField({ type: 'object', patternProperties: { '^(b+)+$': { type: 'string' } } }), checker.options);
        expect(pairs(problems)).toEqual(['/schema/properties/field/patternProperties/^(b+)+$ FW_DEF_UNSAFE_PATTERN']);
      });
      it('accepts the everyday patterns of forms', () => {
        for (const pattern of ['^[0-9]{17}[0-9X]$', '^1[3-9][0-9]{9}$', '^[\\u4e00-\\u9fa5]{2,20}$', '^\\d{4}-\\d{2}-\\d{2}$', '^[A-Z]{2}[0-9]{6}$']) {
          expect(() => compileDefinition(withField({ type: 'string', pattern }), checker.options), pattern).not.toThrow();
        }
      });
    });
  }

  it('recheck also catches what star height cannot see: overlapping alternation and quadratic patterns', () => {
    expect(starHeightPatternChecker.check('^(a|a)*$', 'u').safe).toBe(true);
    expect(pairs(refusal(withField({ type: 'string', pattern: '^(a|a)*$' }), { patternChecker: recheckPatternChecker }))).toEqual([
      '/schema/properties/field/pattern FW_DEF_UNSAFE_PATTERN',
    ]);
    expect(recheckPatternChecker.check('^\\s*\\s*$', 'u').safe).toBe(false);
  });

  it('refuses an invalid regular expression', () => {
    expect(pairs(refusal(withField({ type: 'string', pattern: '([a-z' })))).toEqual(['/schema/properties/field/pattern FW_DEF_INVALID_PATTERN']);
  });
});

describe('references and $data', () => {
  it('refuses $data', () => {
    const problems = refusal(
      definition({
        schema: {
          type: 'object',
          properties: { low: { type: 'number' }, high: { type: 'number', minimum: { $data: '1/low' } } },
        },
      }),
    );
    expect(pairs(problems)).toContain('/schema/properties/high/minimum FW_DEF_DATA_REF');
  });

  it('refuses a remote $ref and never fetches it', () => {
    const problems = refusal(withField({ $ref: 'https://evil.example/schema.json' }));
    expect(pairs(problems)).toEqual(['/schema/properties/field/$ref FW_DEF_REMOTE_REF']);
  });

  it('refuses a relative $ref that resolves to nothing', () => {
    const problems = refusal(withField({ $ref: 'other.json#/x' }));
    expect(pairs(problems)).toEqual(['/schema/properties/field/$ref FW_DEF_UNRESOLVED_REF']);
  });

  it('accepts a $ref to an $id embedded in the schema', () => {
    expect(() =>
      compileDefinition(
        definition({
          schema: {
            $id: 'https://formwork.dev/modules/sample',
            type: 'object',
            $defs: { code: { $id: 'https://formwork.dev/modules/code', type: 'string' } },
            properties: { field: { $ref: 'https://formwork.dev/modules/code' } },
          },
        }),
      ),
    ).not.toThrow();
  });

  it('refuses reference cycles that consume no data, and accepts recursion through properties', () => {
    const cycle = refusal(
      definition({ schema: { type: 'object', $defs: { a: { $ref: '#/$defs/b' }, b: { allOf: [{ $ref: '#/$defs/a' }] } }, properties: { field: { $ref: '#/$defs/a' } } } }),
    );
    expect(cycle.map((p) => p.code)).toContain('FW_DEF_REF_CYCLE');
    expect(pairs(refusal(definition({ schema: { type: 'object', $ref: '#' } })))).toContain('/schema FW_DEF_REF_CYCLE');
    expect(() =>
      compileDefinition(
        definition({
          schema: {
            type: 'object',
            $defs: { node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } } } },
            properties: { tree: { $ref: '#/$defs/node' } },
          },
        }),
      ),
    ).not.toThrow();
  });

  it('refuses $dynamicRef and $dynamicAnchor (only partly implemented by the validator)', () => {
    expect(pairs(refusal(withField({ $dynamicAnchor: 'x', type: 'string' })))).toEqual([
      '/schema/properties/field/$dynamicAnchor FW_DEF_UNSUPPORTED_KEYWORD',
    ]);
  });
});

describe('size and depth', () => {
  it('refuses a definition over the size limit', () => {
    const big = definition({ description: { 'zh-CN': 'x'.repeat(1000) }, ui: { filler: 'x'.repeat(MAX_DEFINITION_BYTES) } });
    expect(pairs(refusal(big))).toEqual([' FW_DEF_TOO_LARGE']);
  });

  it('refuses a schema nested too deeply', () => {
    let node: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 40; i++) node = { type: 'object', properties: { n: node } };
    expect(refusal(withField(node)).map((p) => p.code)).toContain('FW_DEF_TOO_DEEP');
  });

  it('refuses a schema with too many subschemas', () => {
    const properties = Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`f${i}`, { type: 'string' }]));
    expect(refusal(definition({ schema: { type: 'object', properties } })).map((p) => p.code)).toEqual(['FW_DEF_TOO_MANY_NODES']);
  });

  it('refuses uniqueItems without a bounded maxItems (its check is quadratic)', () => {
    expect(pairs(refusal(withField({ type: 'array', uniqueItems: true })))).toEqual(['/schema/properties/field/uniqueItems FW_DEF_UNBOUNDED_UNIQUE']);
    expect(() => compileDefinition(withField({ type: 'array', uniqueItems: true, maxItems: 100 }))).not.toThrow();
  });

  it('refuses data nested too deeply instead of recursing without end', async () => {
    const compiled = compileDefinition(definition({ schema: { type: 'object', $defs: { n: { type: 'object', properties: { n: { $ref: '#/$defs/n' } } } }, properties: { n: { $ref: '#/$defs/n' } } } }));
    let data: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) data = { n: data };
    const result = await evaluate(compiled, data);
    expect(pairs(result.errors)).toEqual([' FW_VAL_TOO_DEEP']);
  });
});
