// What every /v1 route gets from the gateway, whichever service declared it:
//  - strict validation: bodies are validated without type coercion and unknown properties are
//    refused (400), not silently removed; query strings and path params are coerced from text;
//  - documented errors: `4xx`/`5xx` responses with the common error body are added to every
//    route's response schemas, so the OpenAPI document lists them and clients can rely on them;
//  - a route table (method, url, config) for the contract tests (public routes, permissions,
//    ownership) and for tooling.
// Invariant: applied through an onRoute hook on the root, so it covers routes registered after
// the gateway (the gateway is mounted first).
import type { FastifyInstance, RouteOptions } from 'fastify';
import { Ajv, type Options as AjvOptions } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Type } from '@sinclair/typebox';
import { isApiPath } from './authentication.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The body of every error response (mirrors server/common's error handler). */
export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable AREA_REASON code (docs/errors.md).' }),
      message: Type.String(),
      requestId: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { title: 'Error' },
);

/** One route as declared. */
export interface RouteEntry {
  method: string;
  url: string;
  config: Record<string, unknown>;
  hasParams: boolean;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every /v1 route registered after the gateway, in registration order. */
export function routeTable(root: FastifyInstance): readonly RouteEntry[] {
  return tables.get(root) ?? [];
}

function makeAjv(options: AjvOptions): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: false, useDefaults: true, ...options });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-ownership' });
  return ajv;
}

/** Installs the route contract on `root`. */
export function installRouteContract(root: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(root, table);
  const bodies = makeAjv({ coerceTypes: false, removeAdditional: false });
  const text = makeAjv({ coerceTypes: 'array', removeAdditional: false });
  root.addHook('onRoute', (route: RouteOptions) => {
    if (!isApiPath(route.url)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      table.push({ method, url: route.url, config: (route.config ?? {}) as Record<string, unknown>, hasParams: route.url.includes(':') });
    }
    route.validatorCompiler ??= ({ schema, httpPart }) => (httpPart === 'body' ? bodies : text).compile(schema);
    if (route.schema?.response) {
      const response = route.schema.response as Record<string, unknown>;
      response['4xx'] ??= ErrorBodySchema;
      response['5xx'] ??= ErrorBodySchema;
    }
  });
}
