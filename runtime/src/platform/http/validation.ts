/**
 * Request schemas are checked by our own ajv instances: bodies strictly (no type coercion, no
 * removal of unknown properties: an unknown field is a 422), query strings and path params with
 * coercion of their text into numbers and booleans.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export default fp(
  async (app: FastifyInstance) => {
    const common = { allErrors: true, strict: false, removeAdditional: false, useDefaults: true } as const;
    const bodyAjv = new Ajv2020({ ...common, coerceTypes: false });
    const textAjv = new Ajv2020({ ...common, coerceTypes: 'array' });
    addFormats(bodyAjv);
    addFormats(textAjv);
    app.setValidatorCompiler(({ schema, httpPart }) =>
      (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object) as (data: unknown) => boolean,
    );
  },
  { name: 'formwork-validation' },
);
