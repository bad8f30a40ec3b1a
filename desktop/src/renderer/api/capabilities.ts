// Which parts of the API this suite has, read from its OpenAPI document (GET /v1/openapi.json,
// public). The desktop is built against services that may not be deployed (a market-data-only
// suite, a suite without the order service yet): panels ask here and show "not available on
// this server" instead of failing call by call or pretending.
import type { HttpClient } from './http-client.js';

/** Paths and their methods (`/v1/orders/{id}` → ['get', 'patch']). */
export type ApiPaths = ReadonlyMap<string, readonly string[]>;

/** What the connected suite offers. */
export interface Capabilities {
  readonly paths: ApiPaths;
  has(method: string, path: string): boolean;
}

/** Capabilities from an OpenAPI document's `paths`. */
export function capabilitiesOf(document: { paths?: Record<string, Record<string, unknown>> }): Capabilities {
  const paths = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    paths.set(path, Object.keys(operations).map((method) => method.toLowerCase()));
  }
  return {
    paths,
    has: (method, path) => paths.get(path)?.includes(method.toLowerCase()) ?? false,
  };
}

/** Reads the suite's OpenAPI document. */
export async function loadCapabilities(http: HttpClient): Promise<Capabilities> {
  return capabilitiesOf(await http.get('/v1/openapi.json', { auth: false }));
}
