/**
 * The meta-model as one schema, for the JSON editor's completion and validation: the server
 * serves it as several files (`GET /api/meta/module.schema.json` and the files it refers to,
 * `rules.schema.json#/$defs/Rule` …); an editor resolves only references inside one document,
 * so each file's `$defs` are brought into the module schema's under `<file>__<name>` and every
 * reference is rewritten to point there.
 */
import { isObj, type Obj } from './paths';

/** The file names a schema refers to (`rules.schema.json` in `rules.schema.json#/$defs/Rule`). */
export function referencedFiles(schema: unknown): string[] {
  const found = new Set<string>();
  for (const match of JSON.stringify(schema).matchAll(/"\$ref":"([a-z]+\.schema\.json)#/g)) found.add(match[1]!);
  return [...found].sort();
}

const prefix = (file: string) => file.replace(/\.schema\.json$/, '');

function rewrite(node: unknown, file: string | undefined): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, file));
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      const [target, fragment = ''] = value.split('#');
      const owner = target === '' ? file : target;
      out.$ref = owner ? `#${fragment.replace(/^\/\$defs\//, `/$defs/${prefix(owner)}__`)}` : value;
    } else if (key !== '$id' && key !== '$schema') {
      out[key] = rewrite(value, file);
    }
  }
  return out;
}

/** One schema from the module schema and the files it refers to (by file name). */
export function bundleMeta(module: Obj, files: Record<string, Obj>): Obj {
  const bundled = rewrite(module, undefined) as Obj;
  const defs: Obj = isObj(bundled.$defs) ? { ...bundled.$defs } : {};
  for (const [file, schema] of Object.entries(files)) {
    const own = isObj(schema.$defs) ? schema.$defs : {};
    for (const [name, def] of Object.entries(own)) defs[`${prefix(file)}__${name}`] = rewrite(def, file);
  }
  return { ...bundled, $defs: defs };
}

/** Fetches the meta-model's files (through `get`) and bundles them. */
export async function loadMetaSchema(get: (name: string) => Promise<Obj>): Promise<Obj> {
  const module = await get('module.schema.json');
  const files: Record<string, Obj> = {};
  const queue = referencedFiles(module);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (files[name] || name === 'module.schema.json') continue;
    files[name] = await get(name);
    queue.push(...referencedFiles(files[name]).filter((n) => !files[n]));
  }
  return bundleMeta(module, files);
}
