/**
 * For test instances: fails an answer that fastify's serializer would change. The serializer
 * (fast-json-stringify) writes only the properties a response schema names and silently drops
 * the rest, so a field a service gained and its route's schema did not would never reach a
 * client, and no test would notice. This compares each JSON answer as handed to the serializer
 * with what the serializer wrote, and answers 500 with every difference at its JSON Pointer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorBody } from '../../api/common.js';

/** One difference between an answer and its serialized form. */
export interface SerializationDrift {
  /** JSON Pointer into the answer. */
  path: string;
  code: 'RESPONSE_FIELD_DROPPED' | 'RESPONSE_VALUE_CHANGED';
  message: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const pointer = (path: string, key: string | number) => `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * What serializing changed: properties of `sent` missing from `written`, and values written
 * differently. Properties only `written` has (schema defaults) are not drift.
 */
export function serializationDrift(sent: unknown, written: unknown, path = ''): SerializationDrift[] {
  if (isObject(sent) && isObject(written)) {
    return Object.keys(sent).flatMap((key) =>
      key in written
        ? serializationDrift(sent[key], written[key], pointer(path, key))
        : [{ path: pointer(path, key), code: 'RESPONSE_FIELD_DROPPED' as const, message: 'sent by the service, missing from the response schema' }],
    );
  }
  if (Array.isArray(sent) && Array.isArray(written) && sent.length === written.length) {
    return sent.flatMap((item, i) => serializationDrift(item, written[i], pointer(path, i)));
  }
  if (JSON.stringify(sent) === JSON.stringify(written)) return [];
  return [{ path, code: 'RESPONSE_VALUE_CHANGED', message: `sent ${JSON.stringify(sent)}, serialized as ${JSON.stringify(written)}` }];
}

/** Whether the route declares a response schema for this status (else fastify writes JSON.stringify's output). */
function hasResponseSchema(request: FastifyRequest, status: number): boolean {
  const response: unknown = request.routeOptions.schema?.response;
  if (!isObject(response)) return false;
  return [String(status), `${String(status)[0]}xx`, 'default'].some((key) => key in response);
}

/** The check as a root plugin: its hooks see every route's answers. */
export default fp(
  async (app: FastifyInstance) => {
    // The answer as the service made it, in JSON terms (dates as strings …), by reply.
    const sent = new WeakMap<FastifyReply, unknown>();
    app.addHook('preSerialization', async (request, reply, payload) => {
      if (hasResponseSchema(request, reply.statusCode)) sent.set(reply, JSON.parse(JSON.stringify(payload)));
      return payload;
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (!sent.has(reply) || typeof payload !== 'string') return payload;
      const drift = serializationDrift(sent.get(reply), JSON.parse(payload));
      if (drift.length === 0) return payload;
      const message =
        `${request.method} ${request.routeOptions.url ?? request.url} answered ${reply.statusCode} with what its response schema ` +
        `does not describe: ${drift.map((d) => d.path || '(the answer)').join(', ')}. Add it to the schema in runtime/src/api/, or stop sending it.`;
      request.log.error({ drift }, message);
      reply.code(500).type('application/json; charset=utf-8');
      return JSON.stringify({ code: 'FW_INTERNAL', message, errors: drift.map((d) => ({ path: d.path, code: d.code, message: d.message })) } satisfies ErrorBody);
    });
  },
  { name: 'formwork-response-check' },
);
