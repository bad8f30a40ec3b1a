// A CommandRunner for the steps that need a Docker engine (there is none where the tests run):
// it records every command and answers `docker ...` calls from handlers the test gives, and runs
// every other program (pg_dump, pg_restore, kafka tools) for real through processRunner.
import { processRunner, type CommandRunner, type RunOptions, type RunResult } from '../../src/runner.js';

/** Answers one docker call: return a result, or undefined to fall through to the default (exit 0, no output). */
export type DockerHandler = (args: readonly string[], options: RunOptions) => RunResult | undefined | Promise<RunResult | undefined>;

/** A recording runner: docker is faked, everything else is real. */
export class FakeDockerRunner implements CommandRunner {
  readonly calls: Array<{ command: string; args: string[] }> = [];
  constructor(private readonly handler: DockerHandler = () => undefined) {}

  async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    this.calls.push({ command, args: [...args] });
    if (command !== 'docker') return processRunner.run(command, args, options);
    return (await this.handler(args, options)) ?? { code: 0, stdout: '', stderr: '' };
  }

  /** The docker calls, each as the words after `docker compose <project options>`. */
  composeCalls(): string[][] {
    return this.calls
      .filter((call) => call.command === 'docker' && call.args[0] === 'compose')
      .map((call) => {
        const words = call.args.slice(1);
        // Drop the project options (--project-name x --project-directory d -f file --env-file e).
        const out: string[] = [];
        for (let i = 0; i < words.length; i++) {
          if (['--project-name', '--project-directory', '-f', '--env-file'].includes(words[i] as string)) i++;
          else out.push(words[i] as string);
        }
        return out;
      });
  }
}

/** `docker compose ps --format json` output with every given service healthy (jobs exited 0). */
export function healthyPs(services: readonly string[], jobs: readonly string[]): RunResult {
  const rows = [
    ...services.map((service) => ({ Service: service, Name: `kestrel-${service}-1`, State: 'running', Health: 'healthy', ExitCode: 0, Image: 'kestrel:test' })),
    ...jobs.map((service) => ({ Service: service, Name: `kestrel-${service}-1`, State: 'exited', Health: '', ExitCode: 0, Image: 'kestrel:test' })),
  ];
  return { code: 0, stdout: rows.map((row) => JSON.stringify(row)).join('\n'), stderr: '' };
}
