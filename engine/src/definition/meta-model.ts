/**
 * The meta-model: definitions/meta/*.schema.json, the single source of what a module
 * definition is. Validating against it also applies its defaults.
 */
import type { ValidateFunction } from 'ajv';
import commonSchema from '../../../definitions/meta/common.schema.json' with { type: 'json' };
import datasetSchema from '../../../definitions/meta/dataset.schema.json' with { type: 'json' };
import migrationSchema from '../../../definitions/meta/migration.schema.json' with { type: 'json' };
import moduleSchema from '../../../definitions/meta/module.schema.json' with { type: 'json' };
import reportSchema from '../../../definitions/meta/report.schema.json' with { type: 'json' };
import rulesSchema from '../../../definitions/meta/rules.schema.json' with { type: 'json' };
import testsSchema from '../../../definitions/meta/tests.schema.json' with { type: 'json' };
import workflowSchema from '../../../definitions/meta/workflow.schema.json' with { type: 'json' };
import type { Problem } from '../errors/problem.js';
import { createAjv } from '../validation/ajv-factory.js';
import { problemsFromAjv } from '../validation/ajv-problems.js';
import type { ModuleDefinition } from './generated/module-definition.js';

export const META_SCHEMAS = [commonSchema, rulesSchema, workflowSchema, reportSchema, datasetSchema, testsSchema, migrationSchema, moduleSchema];
export const MODULE_SCHEMA_ID = moduleSchema.$id;

let validator: ValidateFunction | undefined;

function metaValidator(): ValidateFunction {
  if (!validator) {
    const ajv = createAjv('product', { discriminator: true, useDefaults: true });
    // json-schema-to-typescript's annotation, used where a union needs naming.
    ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
    for (const schema of META_SCHEMAS) ajv.addSchema(schema);
    validator = ajv.getSchema(MODULE_SCHEMA_ID)!;
  }
  return validator;
}

/**
 * Validates a definition against the meta-model. On success returns a copy with every
 * default applied; otherwise every problem at its path inside the definition.
 */
export function checkMetaModel(definition: unknown): { definition: ModuleDefinition; problems: [] } | { problems: Problem[] } {
  const copy = structuredClone(definition);
  const validate = metaValidator();
  if (validate(copy)) return { definition: copy as ModuleDefinition, problems: [] };
  return { problems: problemsFromAjv(validate.errors ?? [], { useTitles: false }) };
}
