// Command-line parsing of `kestrel optimise`: its own options (the search space, method,
// objective, workers, walk-forward windows) are taken out first; everything else is a
// `kestrel backtest` option (data, strategy, fixed --param values, fills, costs, pre-flight) and
// goes through parseBacktestArgs, so both commands read data and models identically.
// Space syntax: --space name=min:max[:step] (a range; grid needs a step for real-valued ranges)
// or --space name=v1,v2,... (a list; numbers, true/false, or text).
import type { Objective, ParameterSpace, ParamRange } from '@kestrel/server-strategy';
import { OBJECTIVES } from '@kestrel/server-strategy';
import { UsageError } from '../args.js';
import { parseBacktestArgs, type BacktestArgs } from './backtest-args.js';

/** The text of `kestrel optimise --help`. */
export const OPTIMISE_HELP = `Usage: kestrel optimise --data <file.csv> --strategy <name|file.ts[#export]> --space <name=spec> [options]

Runs one backtest per point of a parameter space (grid or random search) in parallel worker
threads and ranks the points by an objective; with --in-sample/--out-of-sample, a walk-forward
analysis (optimise each in-sample window, trade its best point out of sample, chain the segments).

Search:
  --space <name=min:max[:step]>  A varied parameter as a range (repeatable), e.g. fast=5:50:5
  --space <name=v1,v2,...>       ... or as a list of values, e.g. slow=50,100,200
  --param <name=value>           A fixed parameter (repeatable), as in kestrel backtest
  --method grid|random           Grid (default) or random search
  --samples <n>                  Points of a random search (default 100)
  --objective <name>             ${OBJECTIVES.join(', ')} (default sharpe)
  --workers <n>                  Worker threads (default: the CPUs available; 1 runs in this thread)
  --top <n>                      Ranked points to print (default 10)

Walk-forward analysis:
  --in-sample <bars>             In-sample window length in bars
  --out-of-sample <bars>         Out-of-sample window length in bars
  --step <bars>                  Bars between window starts (default: --out-of-sample)
  --anchored                     Keep every in-sample window starting at the first bar

Every data, fill, cost and pre-flight option of kestrel backtest applies (see kestrel backtest --help);
--trades, --fill-list and --equity do not. Progress goes to stderr; Ctrl-C cancels (exit 130).

Exit codes: 0 ok, 1 strategy or worker failure, 64 bad usage, options or search space,
65 data missing, invalid or with gaps, 130 cancelled. Details: docs/strategies.md.
`;

/** A parsed `kestrel optimise` command line. */
export interface OptimiseArgs {
  help: boolean;
  backtest: BacktestArgs;
  space: ParameterSpace;
  method: 'grid' | 'random';
  samples?: number;
  objective: Objective;
  workers?: number;
  top: number;
  walkForward?: { inSampleBars: number; outOfSampleBars: number; stepBars?: number; anchored: boolean };
}

const OWN_VALUE_OPTIONS = ['space', 'method', 'samples', 'objective', 'workers', 'top', 'in-sample', 'out-of-sample', 'step'] as const;
type OwnOption = (typeof OWN_VALUE_OPTIONS)[number];

function positive(text: string, what: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new UsageError(`${what} must be a positive integer, got "${text}"`);
  return value;
}

function listValue(text: string): number | boolean | string {
  if (text === 'true' || text === 'false') return text === 'true';
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) ? value : text;
}

/** One --space value: `name=min:max[:step]` or `name=v1,v2,...`. */
export function parseSpaceEntry(entry: string): [string, ParamRange] {
  const eq = entry.indexOf('=');
  if (eq <= 0 || eq === entry.length - 1) throw new UsageError(`--space "${entry}" is not name=min:max[:step] or name=v1,v2,...`);
  const name = entry.slice(0, eq);
  const spec = entry.slice(eq + 1);
  if (spec.includes(':')) {
    const parts = spec.split(':');
    const numbers = parts.map(Number);
    if (parts.length < 2 || parts.length > 3 || parts.some((part) => part.trim() === '') || numbers.some((n) => !Number.isFinite(n))) {
      throw new UsageError(`--space ${name}: "${spec}" is not min:max[:step]`);
    }
    const [min, max, step] = numbers as [number, number, number | undefined];
    return [name, step === undefined ? { min, max } : { min, max, step }];
  }
  return [name, { values: spec.split(',').map(listValue) }];
}

/** Parses the arguments after `optimise`; throws UsageError. */
export function parseOptimiseArgs(argv: readonly string[]): OptimiseArgs {
  const own = new Map<OwnOption, string[]>();
  let anchored = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--anchored') {
      anchored = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(token);
    const name = match?.[1] as OwnOption | undefined;
    if (name === undefined || !OWN_VALUE_OPTIONS.includes(name)) {
      rest.push(token);
      continue;
    }
    const value = match![2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    own.set(name, [...(own.get(name) ?? []), value]);
  }
  const backtest = parseBacktestArgs(rest);
  if (backtest.help) return { help: true, backtest, space: {}, method: 'grid', objective: 'sharpe', top: 10 };
  for (const [flag, set] of [['--trades', backtest.trades], ['--fill-list', backtest.fillList], ['--equity', backtest.equity]] as const) {
    if (set) throw new UsageError(`${flag} is a kestrel backtest option; run the best point with kestrel backtest to see it`);
  }
  const single = (name: OwnOption): string | undefined => {
    const values = own.get(name);
    if (values && values.length > 1) throw new UsageError(`--${name} is given more than once`);
    return values?.[0];
  };
  const space: Record<string, ParamRange> = {};
  for (const entry of own.get('space') ?? []) {
    const [name, range] = parseSpaceEntry(entry);
    if (name in space) throw new UsageError(`--space ${name} is given more than once`);
    if (name in backtest.params) throw new UsageError(`${name} is both varied (--space) and fixed (--param)`);
    space[name] = range;
  }
  if (Object.keys(space).length === 0) throw new UsageError('optimise needs at least one --space <name=spec>');
  const method = single('method') ?? 'grid';
  if (method !== 'grid' && method !== 'random') throw new UsageError(`--method must be grid or random, got "${method}"`);
  const samplesText = single('samples');
  if (samplesText !== undefined && method !== 'random') throw new UsageError('--samples goes with --method random');
  const objective = single('objective') ?? 'sharpe';
  if (!(OBJECTIVES as readonly string[]).includes(objective)) throw new UsageError(`--objective must be one of ${OBJECTIVES.join(', ')}, got "${objective}"`);
  const workersText = single('workers');
  const inSample = single('in-sample');
  const outOfSample = single('out-of-sample');
  const step = single('step');
  if ((inSample === undefined) !== (outOfSample === undefined)) throw new UsageError('a walk-forward analysis needs both --in-sample and --out-of-sample');
  if (inSample === undefined && (step !== undefined || anchored)) throw new UsageError('--step and --anchored go with --in-sample and --out-of-sample');
  return {
    help: false,
    backtest,
    space,
    method,
    ...(samplesText === undefined ? {} : { samples: positive(samplesText, '--samples') }),
    objective: objective as Objective,
    ...(workersText === undefined ? {} : { workers: positive(workersText, '--workers') }),
    top: positive(single('top') ?? '10', '--top'),
    ...(inSample === undefined || outOfSample === undefined
      ? {}
      : {
          walkForward: {
            inSampleBars: positive(inSample, '--in-sample'),
            outOfSampleBars: positive(outOfSample, '--out-of-sample'),
            ...(step === undefined ? {} : { stepBars: positive(step, '--step') }),
            anchored,
          },
        }),
  };
}
