// Loads the native addon (engine/binding/build/Release/kestrel_engine.node, built by
// `npm run build:engine`) through createRequire, once per thread: every worker thread that imports
// the facade gets its own instance of the addon module (it keeps per-environment data). A missing
// file is ENGINE_ADDON_NOT_BUILT with the command that builds it; a file that does not load (built
// for another Node ABI or platform) is ENGINE_ADDON_LOAD_FAILED with the loader's reason.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { EngineError } from './errors.js';
import { COMMAND_SIZE, CONTROL_SIZE, EVENT_SIZE, HEADER_SIZE, RESULT_SIZE } from './packed.js';

/** The native engine object (engine/binding/native_engine.h); failures return undefined + takeError(). */
export interface NativeEngine {
  open(options: Record<string, unknown>): Record<string, unknown> | undefined;
  submitBatch(commands: Uint8Array): ArrayBuffer | undefined;
  submitControl(record: Uint8Array): ArrayBuffer | undefined;
  addVenue(venue: Record<string, unknown>): number | undefined;
  removeVenue(id: number): number | undefined;
  setVenueDepth(id: number, symbol: number, bids: Float64Array, asks: Float64Array): number | undefined;
  setVenueStatus(id: number, symbol: number, status: number): number | undefined;
  setVenueEnabled(id: number, enabled: boolean): number | undefined;
  setVenueLatency(id: number, latencyNs: bigint): number | undefined;
  commit(): bigint | undefined;
  poll(): bigint | undefined;
  snapshot(): bigint | undefined;
  topOfBook(symbol: number): Record<string, unknown> | undefined;
  depth(symbol: number, side: number, levels: number): BigInt64Array | undefined;
  findOrder(symbol: number, orderId: bigint): Record<string, unknown> | null | undefined;
  openOrders(symbol: number): Record<string, unknown>[] | undefined;
  stateHashes(): Record<string, bigint> | undefined;
  sequences(): Record<string, unknown> | undefined;
  riskConfig(account: bigint): Record<string, unknown> | undefined;
  riskAccount(account: bigint, symbol: number): Record<string, unknown> | undefined;
  riskSymbol(symbol: number, now: bigint): Record<string, unknown> | undefined;
  parents(): Record<string, unknown>[] | undefined;
  close(): boolean;
  takeError(): { code: string; message: string } | null;
}

/** The addon module's exports. */
export interface Addon {
  NativeEngine: new () => NativeEngine;
  layout: { command: number; event: number; result: number; header: number; control: number };
  napiVersion: number;
}

/** Where `npm run build:engine` puts the addon. */
export const ADDON_PATH = fileURLToPath(new URL('../binding/build/Release/kestrel_engine.node', import.meta.url));

let loaded: Addon | undefined;

/** Loads the addon at `path` (default ADDON_PATH) and checks that its record layout matches this facade. */
export function loadAddon(path = ADDON_PATH): Addon {
  if (path === ADDON_PATH && loaded !== undefined) return loaded;
  if (!existsSync(path)) {
    throw new EngineError(
      'ENGINE_ADDON_NOT_BUILT',
      `the engine addon is not built (${path} is missing): run \`npm run build:engine\` at the repository root`,
    );
  }
  let addon: Addon;
  try {
    addon = createRequire(import.meta.url)(path) as Addon;
  } catch (cause) {
    throw new EngineError(
      'ENGINE_ADDON_LOAD_FAILED',
      `the engine addon at ${path} does not load (${(cause as Error).message}); rebuild it with \`npm run build:engine\``,
      { cause },
    );
  }
  const l = addon.layout;
  if (l?.command !== COMMAND_SIZE || l.event !== EVENT_SIZE || l.result !== RESULT_SIZE || l.header !== HEADER_SIZE ||
      l.control !== CONTROL_SIZE) {
    throw new EngineError('ENGINE_ADDON_LOAD_FAILED', `the engine addon at ${path} uses another record layout; rebuild it`);
  }
  if (path === ADDON_PATH) loaded = addon;
  return addon;
}
