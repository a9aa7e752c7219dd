/**
 * Generates what is derived from a single source, so nothing is written twice by hand:
 * - the TypeScript types of module definitions from definitions/meta/*.schema.json
 *   (json-schema-to-typescript);
 * - docs/error-codes.md from the error catalogue and the HTTP status table.
 * `--check` fails when a committed file differs from a fresh generation.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { CODES, type ErrorCode } from '../../../engine/src/errors/codes.js';
import { HTTP_STATUS } from '../platform/http/error-handler.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const META_DIR = path.join(root, 'definitions/meta');
export const GENERATED_FILE = path.join(root, 'engine/src/definition/generated/module-definition.ts');
export const ERROR_DOC = path.join(root, 'docs/error-codes.md');

const BANNER = `/* eslint-disable */
// GENERATED FILE — do not edit. Source: definitions/meta/*.schema.json; run \`npm run gen:types\`.`;

/** Produces the text of the generated types file. */
export async function generateDefinitionTypes(): Promise<string> {
  const schema = JSON.parse(await readFile(path.join(META_DIR, 'module.schema.json'), 'utf8')) as JSONSchema;
  return compile(schema, 'ModuleDefinition', {
    cwd: META_DIR,
    bannerComment: BANNER,
    unreachableDefinitions: true,
    ignoreMinAndMaxItems: true,
    strictIndexSignatures: true,
    format: true,
    style: { singleQuote: true, printWidth: 110 },
    $refOptions: { resolve: { http: false } },
  });
}

/** The error-code reference: every code, its HTTP status and its messages. */
export function generateErrorCodeDoc(): string {
  const lines = [
    '<!-- GENERATED FILE — do not edit. Source: engine/src/errors/codes.ts and runtime/src/platform/http/error-handler.ts; run `npm run gen:types`. -->',
    '# Error codes',
    '',
    'Every error the API returns is `{ code, message, errors? }`; each entry of `errors` has a JSON Pointer `path`, a `code` and a `message`.',
    'Codes are stable and never reused. `{name}` in a message is filled from the problem.',
    '',
    '| code | HTTP | zh-CN | en |',
    '|---|---|---|---|',
  ];
  for (const code of Object.keys(CODES) as ErrorCode[]) {
    const text = CODES[code];
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    lines.push(`| \`${code}\` | ${HTTP_STATUS[code]} | ${cell(text['zh-CN'])} | ${cell(text.en)} |`);
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const outputs: [string, string][] = [
    [GENERATED_FILE, await generateDefinitionTypes()],
    [ERROR_DOC, generateErrorCodeDoc()],
  ];
  let stale = false;
  for (const [file, fresh] of outputs) {
    const name = path.relative(root, file);
    if (check) {
      const current = await readFile(file, 'utf8').catch(() => '');
      if (current !== fresh) {
        console.error(`${name} is stale: run npm run gen:types`);
        stale = true;
      }
    } else {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, fresh);
      console.log(`wrote ${name}`);
    }
  }
  if (stale) process.exit(1);
  if (check) console.log('generated files are current');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
