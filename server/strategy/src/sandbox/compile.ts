// Turns a user's strategy source (TypeScript or JavaScript) into one self-contained ES module that
// a worker thread can import: esbuild bundles it with the only module it may import,
// `@kestrel/shared` (the strategy API, indicators), so the worker needs no module resolution.
// Invariants: any other import (node:*, npm packages, relative files, dynamic import()) is refused
// with STRATEGY_SOURCE_INVALID naming it; compilation never evaluates the source — evaluation only
// ever happens inside a worker (sandbox/strategy-worker.ts). Known limit: a worker thread is fault
// isolation (memory cap, CPU watchdog, crashes contained), not a security boundary against a
// hostile author; globals such as `process` remain reachable from inside the worker.
import { build, type Message, type Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { strategyError } from '../errors.js';

/** Languages a source may be written in. */
export type SourceLanguage = 'typescript' | 'javascript';

const RESOLVE_DIR = fileURLToPath(new URL('.', import.meta.url));
const ALLOWED = '@kestrel/shared';
const USER_FILE = 'strategy-source';
/** How esbuild names the source file as an importer. */
const USER_PATH = `${RESOLVE_DIR}${USER_FILE}`;

/** Refuses every import of the user's own file except the strategy API. */
const importPolicy: Plugin = {
  name: 'kestrel-import-policy',
  setup(context) {
    context.onResolve({ filter: /.*/ }, (args) => {
      if (args.importer !== USER_PATH) return undefined;
      if (args.kind === 'dynamic-import' || args.kind === 'require-call') {
        return { errors: [{ text: `dynamic import/require of "${args.path}" is not allowed in a strategy` }] };
      }
      if (args.path !== ALLOWED) return { errors: [{ text: `a strategy may only import ${ALLOWED}, not "${args.path}"` }] };
      return undefined;
    });
  },
};

function describe(messages: readonly Message[]): { line: number | null; column: number | null; message: string }[] {
  return messages.slice(0, 20).map((message) => ({ line: message.location?.line ?? null, column: message.location?.column ?? null, message: message.text }));
}

/** The bundled ES module text of `source`; throws STRATEGY_SOURCE_INVALID with the compiler messages. */
export async function compileStrategy(source: string, language: SourceLanguage): Promise<string> {
  try {
    const result = await build({
      stdin: { contents: source, loader: language === 'typescript' ? 'ts' : 'js', resolveDir: RESOLVE_DIR, sourcefile: USER_FILE },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      target: 'node20',
      mainFields: ['module', 'main'],
      conditions: ['import'],
      logLevel: 'silent',
      plugins: [importPolicy],
    });
    return result.outputFiles[0]!.text;
  } catch (error) {
    const failure = error as { errors?: Message[]; message?: string };
    if (Array.isArray(failure.errors)) {
      throw strategyError('STRATEGY_SOURCE_INVALID', `the strategy source does not compile: ${failure.errors[0]?.text ?? 'unknown error'}`, { messages: describe(failure.errors) });
    }
    throw error;
  }
}
