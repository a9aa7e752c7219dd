/**
 * The services of one server instance, built once and handed to the routes. Nothing here is
 * shared between instances except the database.
 */
import { ModuleCompiler } from '../../engine/src/index.js';
import type { Database } from './persistence/database.js';
import { listVersions, type VersionSummary } from './persistence/module-store.js';
import { AuthService } from './services/auth-service.js';
import { ModuleRegistry } from './services/module-registry.js';
import { ModuleService } from './services/module-service.js';
import { recheckPatternChecker } from './services/pattern-checker.js';

export interface AppContext {
  db: Database;
  registry: ModuleRegistry;
  modules: ModuleService;
  auth: AuthService;
  moduleVersions(key: string): Promise<VersionSummary[]>;
  now: () => Date;
}

export interface ContextOptions {
  now?: () => Date;
  log?: (message: string) => void;
}

export function createContext(db: Database, options: ContextOptions = {}): AppContext {
  const now = options.now ?? (() => new Date());
  const compiler = new ModuleCompiler({ patternChecker: recheckPatternChecker });
  const registry = new ModuleRegistry(db.sequelize, compiler, options.log);
  return {
    db,
    registry,
    modules: new ModuleService(db, registry, now),
    auth: new AuthService(db, undefined, now),
    moduleVersions: (key) => listVersions(db.sequelize, key),
    now,
  };
}
