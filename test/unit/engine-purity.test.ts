/** The engine runs unchanged in the browser: no I/O, no clock, nothing from runtime/ or designer/. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const engine = path.resolve(import.meta.dirname, '../../engine/src');
const files = readdirSync(engine, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

describe('engine purity', () => {
  it('imports no Node built-in, database, HTTP or runtime module', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const source = readFileSync(path.join(engine, file), 'utf8');
      for (const [, spec] of source.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        if (/^node:|^(fs|path|os|net|http|https|child_process|worker_threads|pg|sequelize|fastify|recheck)(\/|$)/.test(spec!) || /(^|\/)(runtime|designer)\//.test(spec!)) {
          offenders.push(`${file}: ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('reads no clock, timer, environment or random source', () => {
    const offenders = files.filter((file) => {
      const source = readFileSync(path.join(engine, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
      return /Date\.now\(|new Date\(\)|setTimeout\(|setInterval\(|process\.env|Math\.random\(/.test(source);
    });
    expect(offenders).toEqual([]);
  });
});
