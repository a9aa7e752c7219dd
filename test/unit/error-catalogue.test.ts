/** The error catalogue: every code localized, mapped to an HTTP status, and used somewhere. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES, IMPORT_NOTE_CODES } from '../../engine/src/index.js';
import { HTTP_STATUS } from '../../runtime/src/platform/http/error-handler.js';

const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => path.join(root, dir, f));
}

describe('error catalogue', () => {
  it('has a message in zh-CN and en and an HTTP status for every code', () => {
    // Import notes and the withheld-fact warning travel in successful answers.
    const notes = new Set<string>([...IMPORT_NOTE_CODES, 'FW_FACT_WITHHELD']);
    for (const [code, text] of Object.entries(CODES)) {
      expect(code).toMatch(/^FW_(DEF|VAL|RULE|WF|AUTH|REQ|NOT|MODULE|VERSION|INTERNAL|UNIT|USER|REC|REPORT|ATTACHMENT|DRAFT|IMPORT|FACT|DATASET)[A-Z_]*$/);
      expect(text['zh-CN'].length, code).toBeGreaterThan(0);
      expect(text.en.length, code).toBeGreaterThan(0);
      // An import's notes travel in its successful answer; every other code is an error.
      if (notes.has(code)) expect(HTTP_STATUS[code as keyof typeof HTTP_STATUS], code).toBe(200);
      else expect(HTTP_STATUS[code as keyof typeof HTTP_STATUS], code).toBeGreaterThanOrEqual(400);
    }
    expect(Object.keys(HTTP_STATUS).sort()).toEqual(Object.keys(CODES).sort());
  });

  it('has no code that nothing produces', () => {
    const text = [...sources('engine/src'), ...sources('runtime/src')]
      .filter((f) => !f.endsWith(path.join('errors', 'codes.ts')))
      .map((f) => {
        const content = readFileSync(f, 'utf8');
        // The status table names every code; only what follows it produces codes.
        return f.endsWith('error-handler.ts') ? content.slice(content.indexOf('\n};', content.indexOf('HTTP_STATUS'))) : content;
      })
      .join('\n');
    const unused = Object.keys(CODES).filter((code) => !text.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });
});
