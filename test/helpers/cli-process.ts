import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A running `switchyard` CLI process with its output captured. */
export interface CliProcess {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout matches, rejects after timeoutMs or on exit. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or 128+signal) once the process ends. */
  exited: Promise<number>;
}

/** Starts bin/switchyard.js with the given arguments and environment. */
export function startCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const proc = spawn(process.execPath, [`${ROOT}bin/switchyard.js`, ...args], {
    cwd: ROOT,
    env: { ...process.env, SWITCHYARD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let errOut = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (errOut += d.toString()));
  const exited = new Promise<number>((resolve) => {
    proc.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15)));
  });
  return {
    proc,
    stdout: () => out,
    stderr: () => errOut,
    exited,
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = (): void => {
          const m = out.match(pattern);
          if (m) return resolve(m);
          if (proc.exitCode !== null) {
            return reject(new Error(`exited ${proc.exitCode} before ${pattern}: ${out}${errOut}`));
          }
          if (Date.now() - started > timeoutMs) {
            return reject(new Error(`timeout waiting for ${pattern}: ${out}${errOut}`));
          }
          setTimeout(check, 25);
        };
        check();
      });
    },
  };
}

/** Runs the CLI to completion and returns its exit code and output. */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = startCli(args, env);
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}
