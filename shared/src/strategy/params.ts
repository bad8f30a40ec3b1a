// Typed strategy parameters: a strategy declares each parameter once (type, default, range or
// choices, description) and receives a frozen object whose TypeScript type is inferred from the
// declaration. The same declaration parses text from the CLI (`--param fast=10`), JSON from an API
// body, and spans the search space of the optimiser. Invariants: parseParams() returns every
// declared parameter (defaults filled in), each within its declared range or choices; it never
// coerces silently ("10.5" is not an integer, "yes" is not a boolean) and reports every problem at
// once. Known limit: parameters are scalars (no lists or nested objects).

import { StrategyError, type ParamIssue } from './strategy-error.js';

/** A whole-number parameter (periods, sizes in lots, offsets in ticks). */
export interface IntegerParamSpec {
  type: 'integer';
  default: number;
  min?: number;
  max?: number;
  description?: string;
}

/** A real-number parameter (thresholds, multipliers). Never used for money: money is integer minor units. */
export interface NumberParamSpec {
  type: 'number';
  default: number;
  min?: number;
  max?: number;
  description?: string;
}

/** A true/false switch. */
export interface BooleanParamSpec {
  type: 'boolean';
  default: boolean;
  description?: string;
}

/** One of a fixed list of strings. */
export interface ChoiceParamSpec<T extends string = string> {
  type: 'choice';
  default: T;
  choices: readonly T[];
  description?: string;
}

/** The declaration of one parameter. */
export type ParamSpec = IntegerParamSpec | NumberParamSpec | BooleanParamSpec | ChoiceParamSpec;

/** The declarations of all parameters of a strategy, by name. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The value type of one declared parameter. */
export type ParamValue<S extends ParamSpec> = S extends BooleanParamSpec ? boolean : S extends ChoiceParamSpec<infer T> ? T : number;

/** The parsed parameter object of a declaration. */
export type ParamValues<S extends ParamSpecs> = { readonly [K in keyof S]: ParamValue<S[K]> };

/** Parameters as given by a caller: strings (CLI), numbers/booleans (JSON), by name. */
export type RawParams = Readonly<Record<string, unknown>>;

const PARAM_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Declares parameters, keeping literal choice types; throws STRATEGY_DEFINITION_INVALID when malformed. */
export function defineParams<const S extends ParamSpecs>(specs: S): S {
  for (const [name, spec] of Object.entries(specs)) {
    const fail = (reason: string): never => {
      throw new StrategyError('STRATEGY_DEFINITION_INVALID', `parameter ${name}: ${reason}`);
    };
    if (!PARAM_NAME.test(name)) fail('names are a letter followed by letters, digits or _ (at most 64)');
    const problem = valueProblem(spec, spec.default);
    if (problem !== undefined) fail(`default ${String(spec.default)} ${problem}`);
    if (spec.type === 'integer' || spec.type === 'number') {
      for (const bound of [spec.min, spec.max]) {
        if (bound !== undefined && !Number.isFinite(bound)) fail('min and max must be finite numbers');
        if (bound !== undefined && spec.type === 'integer' && !Number.isSafeInteger(bound)) fail('integer bounds must be safe integers');
      }
      if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) fail('min is greater than max');
    }
    if (spec.type === 'choice' && (spec.choices.length === 0 || new Set(spec.choices).size !== spec.choices.length)) {
      fail('choices must be a non-empty list without repeats');
    }
  }
  return specs;
}

/** Why `value` is not valid for `spec` (already of the right JS type or not), or undefined. */
function valueProblem(spec: ParamSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a finite number';
      if (spec.type === 'integer' && !Number.isSafeInteger(value)) return 'is not a whole number';
      if (spec.min !== undefined && value < spec.min) return `is below the minimum ${spec.min}`;
      if (spec.max !== undefined && value > spec.max) return `is above the maximum ${spec.max}`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'is not true or false';
    case 'choice':
      return typeof value === 'string' && spec.choices.includes(value) ? undefined : `is not one of ${spec.choices.join(', ')}`;
  }
}

/** Converts text (from a command line or query string) to the spec's JS type, or returns undefined. */
function fromText(spec: ParamSpec, text: string): unknown {
  const trimmed = text.trim();
  switch (spec.type) {
    case 'integer':
      return INTEGER_TEXT.test(trimmed) ? Number(trimmed) : undefined;
    case 'number':
      return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : undefined;
    case 'boolean':
      return trimmed === 'true' ? true : trimmed === 'false' ? false : undefined;
    case 'choice':
      return trimmed;
  }
}

/** The defaults of every declared parameter. */
export function defaultParams<S extends ParamSpecs>(specs: S): ParamValues<S> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) values[name] = spec.default;
  return Object.freeze(values) as ParamValues<S>;
}

/** Every problem with `raw` against `specs` (unknown names, bad types, out-of-range values). */
export function paramIssues(specs: ParamSpecs, raw: RawParams): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(specs, name)) issues.push({ name, message: `unknown parameter (declared: ${Object.keys(specs).join(', ') || 'none'})` });
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (!Object.hasOwn(raw, name) || raw[name] === undefined) continue;
    const given = raw[name];
    const value = typeof given === 'string' && spec.type !== 'choice' ? fromText(spec, given) : given;
    const problem = value === undefined ? `"${String(given)}" is not ${article(spec.type)}` : valueProblem(spec, value);
    if (problem !== undefined) issues.push({ name, message: value === undefined ? problem : `${String(given)} ${problem}` });
  }
  return issues;
}

function article(type: ParamSpec['type']): string {
  return type === 'integer' ? 'an integer' : type === 'number' ? 'a number' : type === 'boolean' ? 'true or false' : 'a choice';
}

/**
 * Parses `raw` into the typed, frozen parameter object: defaults for what is missing, text converted
 * strictly. Throws STRATEGY_PARAM_UNKNOWN or STRATEGY_PARAM_INVALID listing every problem.
 */
export function parseParams<S extends ParamSpecs>(specs: S, raw: RawParams = {}): ParamValues<S> {
  const issues = paramIssues(specs, raw);
  if (issues.length > 0) {
    const code = issues.some((issue) => !Object.hasOwn(specs, issue.name)) ? 'STRATEGY_PARAM_UNKNOWN' : 'STRATEGY_PARAM_INVALID';
    throw new StrategyError(code, issues.map((issue) => `${issue.name}: ${issue.message}`).join('; '), issues);
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const given = raw[name];
    values[name] = given === undefined ? spec.default : typeof given === 'string' && spec.type !== 'choice' ? fromText(spec, given) : given;
  }
  return Object.freeze(values) as ParamValues<S>;
}
