/**
 * sequelize models are bound to one sequelize instance, and each server instance has its own
 * (its own pool): two instances in one process, as in the tests, must not share model classes.
 * So each feature defines its models with `perDatabase`, next to its store, and gets them for
 * the database at hand; they are defined on first use, once per sequelize instance.
 */
import type { Sequelize } from 'sequelize';
import type { SqlTarget } from './sql.js';

/** Memoises `define` per sequelize instance: `const units = perDatabase((s) => s.define(…))`. */
export function perDatabase<M>(define: (sequelize: Sequelize) => M): (target: SqlTarget) => M {
  const defined = new WeakMap<Sequelize, M>();
  return (target) => {
    const sequelize = 'sequelize' in target ? target.sequelize : target;
    let models = defined.get(sequelize);
    if (models === undefined) {
      models = define(sequelize);
      defined.set(sequelize, models);
    }
    return models;
  };
}
