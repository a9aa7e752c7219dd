/**
 * `npm run bench`: runs every benchmark and prints its figures as Markdown, ready for the
 * README's benchmark section. Never part of `npm test`: timings are not assertions.
 */
import os from 'node:os';
import type { BenchResult } from './harness.js';

const suites: (() => Promise<{ run: () => Promise<BenchResult> }>)[] = [
  () => import('./engine-evaluate.bench.js'),
  () => import('./records-create.bench.js'),
  () => import('./create-breakdown.bench.js'),
  () => import('./reports-rollup.bench.js'),
  () => import('./web-form.bench.js'),
  () => import('./datasets-export.bench.js'),
  () => import('./datasets-import.bench.js'),
  () => import('./quality.bench.js'),
  () => import('./draft-impact.bench.js'),
];
// `npm run bench -- records` runs only the suites whose file name holds "records".
const only = process.argv[2];
const selected = only ? suites.filter((s) => s.toString().includes(only)) : suites;

const results: BenchResult[] = [];
for (const load of selected) results.push(await (await load()).run());

console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.\n`);
for (const result of results) {
  console.log(`#### ${result.title}\n`);
  console.log('| measurement | result | vs baseline |');
  console.log('|---|---|---|');
  for (const row of result.rows) console.log(`| ${row.name} | ${row.value} | ${row.note ?? ''} |`);
  console.log('');
}
