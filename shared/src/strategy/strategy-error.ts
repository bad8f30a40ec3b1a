// The error thrown by the strategy API for bad parameters, bad declarations and misuse of the
// context (unknown symbol, bad timer). Order problems are never thrown: a rejected order is an
// order update with a reject reason, as in live trading. Codes are stable and listed in
// docs/strategies.md (a test checks that every code is documented).

/** Every code the strategy API can throw, with what it means. */
export const STRATEGY_ERROR_CODES = {
  STRATEGY_PARAM_UNKNOWN: 'A parameter name is not declared by the strategy.',
  STRATEGY_PARAM_INVALID: 'A parameter value has the wrong type or lies outside its declared range or choices.',
  STRATEGY_PARAMS_INCONSISTENT: "The parameters are valid one by one but contradict each other (the strategy's own check).",
  STRATEGY_DEFINITION_INVALID: 'A strategy or parameter declaration is malformed (bad name, default outside its range, empty choices).',
  STRATEGY_SYMBOL_UNKNOWN: 'The strategy asked for data, an indicator or a position of a symbol the run does not carry.',
  STRATEGY_TIMER_INVALID: 'A timer time is not after the current time, or an interval is not a positive whole number of ms.',
  STRATEGY_HISTORY_OUT_OF_RANGE: 'The strategy asked for a bar further back than the history holds.',
} as const;

/** A stable strategy error code. */
export type StrategyErrorCode = keyof typeof STRATEGY_ERROR_CODES;

/** One problem with one parameter. */
export interface ParamIssue {
  name: string;
  message: string;
}

/** Thrown by the strategy API; `code` is stable, `issues` lists parameter problems when there are some. */
export class StrategyError extends Error {
  readonly code: StrategyErrorCode;
  readonly issues: readonly ParamIssue[];

  constructor(code: StrategyErrorCode, message: string, issues: readonly ParamIssue[] = []) {
    super(message);
    this.name = 'StrategyError';
    this.code = code;
    this.issues = issues;
  }
}
