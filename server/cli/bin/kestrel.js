#!/usr/bin/env node
// The `kestrel` executable: registers tsx's loader in this process, then runs the TypeScript
// entry (Kestrel has no compile step; see BRIEF.md). One process, so signals reach main.ts directly.
import { register } from 'tsx/esm/api';

register();
// `backtest` and `optimise` need no server service: skip loading them (seconds of startup).
if (process.argv[2] === 'backtest') {
  const { backtestCommand } = await import('../src/commands/backtest.ts');
  process.exitCode = await backtestCommand(process.argv.slice(3));
} else if (process.argv[2] === 'optimise') {
  const { optimiseCommand } = await import('../src/commands/optimise.ts');
  process.exitCode = await optimiseCommand(process.argv.slice(3));
} else {
  await import('../src/main.ts');
}
