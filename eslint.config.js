// ESLint: the recommended rules of ESLint and typescript-eslint, plus the habits of this codebase.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Layering of the web apps (runtime/web now, designer/ later). An import is a string, so each
// rule counts the `../` that take a file at a given folder depth out of where it may reach:
//   - nothing in runtime/web reaches outside it: the engine comes through kit/engine.ts, server
//     types through kit/contract.ts (and that file takes them with `import type` only);
//   - the kit (runtime/web/kit) imports nothing of an app: the designer shares it;
//   - a workspace page imports the kit and its own folder, never another page;
//   - the designer reaches outside designer/ only for the kit.
const MAX_DEPTH = 6;
const up = (n) => `(\\.\\./){${n}}`;
const at = (dir, depth) => `${dir}/${'*/'.repeat(depth)}*.{ts,tsx}`;
const OUTSIDE = 'runtime/web imports nothing outside runtime/web: the engine comes through kit/engine.ts, server types through kit/contract.ts (import type).';
const KIT_APP = 'The web kit is shared with the designer: it imports nothing of an app (runtime/web/src, designer/).';
const PAGES = 'A page imports the kit, the contract, the engine (through the kit) and its own folder — never another page; move what pages share into the kit.';
const restrict = (files, patterns) => ({ files: Array.isArray(files) ? files : [files], rules: { 'no-restricted-imports': ['error', { patterns }] } });
const range = (from, to) => Array.from({ length: to - from }, (_, i) => from + i);
const webLayers = [
  // Any file `depth` folders below runtime/web.
  ...range(0, MAX_DEPTH).map((depth) => restrict(at('runtime/web', depth), [{ regex: `^${up(depth + 1)}`, message: OUTSIDE }])),
  // The kit, `depth` folders below runtime/web/kit.
  ...range(0, MAX_DEPTH - 1).map((depth) =>
    restrict(at('runtime/web/kit', depth), [
      { regex: `^${up(depth + 2)}`, message: OUTSIDE },
      { regex: `^${up(depth + 1)}(?!\\.\\./)`, message: KIT_APP },
    ]),
  ),
  // The contract: server types, type-only (it will point at runtime/src/api/ once that exists).
  restrict('runtime/web/kit/contract.ts', [
    { regex: `^${up(1)}(?!\\.\\./)`, message: KIT_APP },
    { regex: `^${up(2)}src/`, allowTypeImports: true, message: 'kit/contract.ts takes server types with `import type` / `export type` only: nothing of the server may reach a bundle.' },
    { regex: `^${up(2)}(?!src/)`, message: OUTSIDE },
  ]),
  // The engine, the one way in.
  restrict('runtime/web/kit/engine.ts', [
    { regex: `^${up(1)}(?!\\.\\./)`, message: KIT_APP },
    { regex: `^${up(2)}(?!\\.\\./engine/src/index(\\.js)?$)`, message: OUTSIDE },
  ]),
  // A page alone in runtime/web/src/pages: its neighbours are pages; above it only the kit.
  restrict(at('runtime/web/src/pages', 0), [
    { regex: `^${up(3)}`, message: OUTSIDE },
    { regex: '^\\./', message: PAGES },
    { regex: `^${up(1)}(?!\\.\\./kit/)`, message: PAGES },
  ]),
  // A page's folder (runtime/web/src/pages/<page>/…): its own files, and above it only the kit.
  ...range(0, MAX_DEPTH - 3).map((depth) =>
    restrict(at('runtime/web/src/pages/*', depth), [
      { regex: `^${up(depth + 4)}`, message: OUTSIDE },
      { regex: `^${up(depth + 1)}(?!${up(2)}kit/)`, message: PAGES },
    ]),
  ),
  // The designer (to come): from outside designer/ only the kit.
  ...range(0, MAX_DEPTH).map((depth) =>
    restrict(at('designer', depth), [{ regex: `^${up(depth + 1)}(?!runtime/web/kit/)`, message: 'The designer reaches outside designer/ only for the web kit (runtime/web/kit).' }]),
  ),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '**/dist/', '.formwork/', 'tmp/', 'coverage/', 'test-results/', 'engine/src/definition/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The workspace, the web kit and the designer run in the browser.
    files: ['runtime/web/src/**/*.{ts,tsx}', 'runtime/web/kit/**/*.{ts,tsx}', 'designer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...webLayers,
  {
    // The engine runs in the browser too: no Node globals there.
    files: ['engine/**/*.ts'],
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      'no-restricted-globals': ['error', 'process', 'Buffer', 'setTimeout', 'setInterval', '__dirname', 'require'],
    },
  },
);
