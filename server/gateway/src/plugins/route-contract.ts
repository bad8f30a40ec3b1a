// What every /v1 route gets from the gateway, whichever service declared it:
//  - strict validation: bodies are validated without type coercion and unknown properties are
//    refused (400), not silently removed; query strings and path params are coerced from text;
//  - no NUL characters: every free-text string schema gets `pattern: ^[^\x00]*$` (PostgreSQL text
//    cannot hold U+0000), so such input is a documented 400, never a database error;
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
const matchers = new WeakMap<FastifyInstance, Array<{ pattern: RegExp; method: string }>>();

/** Methods that a path has (for 405 answers); empty when no route has this path. */
export function allowedMethods(root: FastifyInstance, path: string): string[] {
  return [...new Set((matchers.get(root) ?? []).filter((entry) => entry.pattern.test(path)).map((entry) => entry.method))];
}

function pathPattern(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}$`);
}

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

const NO_NUL = '^[^\\x00]*$';

/** Adds the no-NUL pattern to every string schema that has no pattern, format, enum or const. */
export function forbidNul(schema: unknown, seen = new Set<unknown>()): void {
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  const node = schema as Record<string, unknown>;
  if (node.type === 'string' && node.pattern === undefined && node.format === undefined && node.enum === undefined && node.const === undefined) {
    node.pattern = NO_NUL;
  }
  for (const value of Object.values(node)) forbidNul(value, seen);
}

/** Installs the route contract on `root`. */
export function installRouteContract(root: FastifyInstance): void {
  const table: RouteEntry[] = [];
  const patterns: Array<{ pattern: RegExp; method: string }> = [];
  tables.set(root, table);
  matchers.set(root, patterns);
  const bodies = makeAjv({ coerceTypes: false, removeAdditional: false });
  const text = makeAjv({ coerceTypes: 'array', removeAdditional: false });
  root.addHook('onRoute', (route: RouteOptions) => {
    if (!isApiPath(route.url)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      table.push({ method, url: route.url, config: (route.config ?? {}) as Record<string, unknown>, hasParams: route.url.includes(':') });
      patterns.push({ pattern: pathPattern(route.url), method });
    }
    for (const part of ['body', 'querystring', 'params', 'headers'] as const) forbidNul(route.schema?.[part]);
    route.validatorCompiler ??= ({ schema, httpPart }) => (httpPart === 'body' ? bodies : text).compile(schema);
    if (route.schema?.response) {
      const response = route.schema.response as Record<string, unknown>;
      response['4xx'] ??= ErrorBodySchema;
      response['5xx'] ??= ErrorBodySchema;
    }
  });
}
