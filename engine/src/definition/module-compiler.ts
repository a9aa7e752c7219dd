/**
 * Compiles definitions once per key + version. The cache checks the content fingerprint, so a
 * different definition under the same key and version is compiled, never served stale.
 */
import { compileDefinition, type CompileOptions, type CompiledModule } from './compile-module.js';
import { fingerprint } from './fingerprint.js';

export interface CompilerStats {
  hits: number;
  misses: number;
  size: number;
}

export class ModuleCompiler {
  private readonly cache = new Map<string, CompiledModule>();
  /** The very objects already compiled: a hit without even fingerprinting them. */
  private readonly byObject = new WeakMap<object, CompiledModule>();
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly options: CompileOptions = {},
    private readonly capacity = 1_000,
  ) {}

  /**
   * Compiles (or returns the cached compilation of) a definition; throws DefinitionError.
   * `codelists` are the code list schemas it references (a published module is pinned to
   * their versions, so key + version still identifies the result).
   */
  compile(definition: unknown, codelists?: Readonly<Record<string, unknown>>): CompiledModule {
    const known = definition !== null && typeof definition === 'object' ? this.byObject.get(definition) : undefined;
    if (known) {
      this.hits += 1;
      return known;
    }
    const id = cacheId(definition);
    if (id) {
      const cached = this.cache.get(id);
      if (cached && cached.fingerprint === fingerprint(definition)) {
        this.hits += 1;
        // Refresh recency for the LRU order.
        this.cache.delete(id);
        this.cache.set(id, cached);
        this.byObject.set(definition as object, cached);
        return cached;
      }
    }
    this.misses += 1;
    const compiled = compileDefinition(definition, codelists ? { ...this.options, codelists } : this.options);
    if (id) {
      this.cache.set(id, compiled);
      if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
      // Published definitions are immutable, so the same object always compiles the same.
      this.byObject.set(definition as object, compiled);
    }
    return compiled;
  }

  /** The cached compilation of key@version, if any. */
  peek(key: string, version: number): CompiledModule | undefined {
    return this.cache.get(`${key}@${version}`);
  }

  stats(): CompilerStats {
    return { hits: this.hits, misses: this.misses, size: this.cache.size };
  }
}

/** Only published definitions (with a version) are cached. */
function cacheId(definition: unknown): string | undefined {
  if (definition === null || typeof definition !== 'object') return undefined;
  const { key, version } = definition as { key?: unknown; version?: unknown };
  return typeof key === 'string' && typeof version === 'number' ? `${key}@${version}` : undefined;
}

const defaultCompiler = new ModuleCompiler();

/**
 * Compiles a module definition with the default compiler (pure star-height pattern check).
 * A second call for the same key + version and content is a cache hit.
 */
export function compileModule(definition: unknown): CompiledModule {
  return defaultCompiler.compile(definition);
}

/** Cache statistics of the default compiler. */
export function compileModuleStats(): CompilerStats {
  return defaultCompiler.stats();
}
