// Reads and writes the installation's .env (the settings docker-compose.yml interpolates).
// Invariants: lines kept in order, comments and unknown keys preserved, values written with no
// quoting surprises (values holding spaces, `#`, quotes or `$` are single-quoted, which Compose
// takes literally); the file is written to a temp name with mode 0600 and renamed over the old
// one, so a crash never leaves a half-written .env.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/** The parsed .env: values by key, and the original lines for faithful rewriting. */
export interface EnvFile {
  values: Map<string, string>;
  lines: string[];
}

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(["\\$])/g, '$1').replace(/\\n/g, '\n');
  const comment = value.search(/\s#/);
  return comment === -1 ? value : value.slice(0, comment).trimEnd();
}

function quote(value: string): string {
  if (value.includes("'") || value.includes('\n')) throw new Error(`a .env value cannot contain a single quote or a newline`);
  return /^[A-Za-z0-9_./:@+,=-]*$/.test(value) ? value : `'${value}'`;
}

/** Reads `file` (an absent file is an empty .env). */
export function readEnvFile(file: string): EnvFile {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  if (lines.at(-1) === '') lines.pop();
  const values = new Map<string, string>();
  for (const line of lines) {
    const match = LINE.exec(line);
    if (match && !line.trimStart().startsWith('#')) values.set(match[1] as string, unquote(match[2] as string));
  }
  return { values, lines };
}

/** Sets keys in place (or appends them) and writes the file atomically with mode 0600. */
export function writeEnvFile(file: string, env: EnvFile, updates: Readonly<Record<string, string>>): EnvFile {
  const lines = [...env.lines];
  const pending = new Map(Object.entries(updates));
  for (const [index, line] of lines.entries()) {
    const match = LINE.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const key = match[1] as string;
    if (pending.has(key)) {
      lines[index] = `${key}=${quote(pending.get(key) as string)}`;
      pending.delete(key);
    }
  }
  for (const [key, value] of pending) lines.push(`${key}=${quote(value)}`);
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, lines.join('\n') + '\n', { mode: 0o600 });
  renameSync(temp, file);
  return readEnvFile(file);
}
