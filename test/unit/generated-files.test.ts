/** Generated files are generated: a change to their source without regenerating fails here. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_DOC, GENERATED_FILE, generateDefinitionTypes, generateErrorCodeDoc } from '../../runtime/src/cli/gen-types.js';

describe('generated files', () => {
  it('the definition types match definitions/meta/*.schema.json', async () => {
    expect(readFileSync(GENERATED_FILE, 'utf8'), 'stale: run npm run gen:types').toBe(await generateDefinitionTypes());
  });

  it('docs/error-codes.md matches the error catalogue', () => {
    expect(readFileSync(ERROR_DOC, 'utf8'), 'stale: run npm run gen:types').toBe(generateErrorCodeDoc());
  });
});
