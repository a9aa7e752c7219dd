/**
 * The direction of dependencies, kept by a test (docs/architecture.md draws it):
 * engine → nothing of ours; routes → their services (never a store); services → stores;
 * the API contract → nothing of the server; web apps → the web kit, the contract (types only)
 * and the engine's one entry.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** Every tracked (or new, not ignored) TypeScript source file, relative to the root. */
const sources = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.includes('node_modules/'));

interface Import {
  file: string;
  /** The imported file, relative to the root (relative specifiers only). */
  target: string;
  typeOnly: boolean;
}

/** The relative imports (static, dynamic and re-exports) of a file, resolved to files. */
function importsOf(file: string): Import[] {
  let text: string;
  try {
    text = readFileSync(path.join(root, file), 'utf8');
  } catch {
    return []; // deleted in the working tree
  }
  const out: Import[] = [];
  const pattern = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(pattern)) {
    const spec = m[3] ?? m[4]!;
    const target = path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts');
    out.push({ file, target, typeOnly: Boolean(m[2]) });
  }
  return out;
}

const all = sources.flatMap(importsOf);
const where = (test: (i: Import) => boolean) => all.filter(test).map((i) => `${i.file} → ${i.target}`);
const under = (p: string, folder: string) => p.startsWith(`${folder}/`);
const isRoutes = (p: string) => /^runtime\/src\/.+-routes\.ts$/.test(p);
const isStore = (p: string) => /^runtime\/src\/.+-store\.ts$/.test(p);
const isService = (p: string) => /^runtime\/src\/.+-service\.ts$/.test(p);
const isWeb = (p: string) => under(p, 'runtime/web') || under(p, 'designer');

describe('layering', () => {
  it('finds the imports it checks (a broken pattern would pass everything)', () => {
    expect(all.length).toBeGreaterThan(300);
    expect(all.some((i) => isRoutes(i.file) && isService(i.target))).toBe(true);
  });

  it('the engine imports nothing outside itself', () => {
    // The meta-model's JSON Schemas are data the engine compiles against.
    expect(where((i) => under(i.file, 'engine/src') && !under(i.target, 'engine/src') && !under(i.target, 'definitions/meta'))).toEqual([]);
  });

  it('routes reach data through services, never a store (a type of their own feature’s store at most)', () => {
    const feature = (p: string) => p.split('/')[2];
    expect(where((i) => isRoutes(i.file) && isStore(i.target) && (!i.typeOnly || feature(i.file) !== feature(i.target)))).toEqual([]);
  });

  it('stores import no service or route', () => {
    expect(where((i) => isStore(i.file) && (isService(i.target) || isRoutes(i.target)))).toEqual([]);
  });

  it('the API contract depends on nothing of the server but itself', () => {
    expect(where((i) => under(i.file, 'runtime/src/api') && under(i.target, 'runtime/src') && !under(i.target, 'runtime/src/api'))).toEqual([]);
  });

  it('web code imports from the server only the contract, and only its types', () => {
    expect(where((i) => isWeb(i.file) && under(i.target, 'runtime/src') && (!under(i.target, 'runtime/src/api') || !i.typeOnly))).toEqual([]);
  });

  it('web code imports the engine through its one public entry', () => {
    expect(where((i) => isWeb(i.file) && under(i.target, 'engine') && i.target !== 'engine/src/index.ts')).toEqual([]);
  });
});
