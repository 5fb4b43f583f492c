import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (the CLI is run from the sources through tsx, so tests see the current code). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Absolute paths, so the CLI can run from any working directory (`.env` is read from there). */
const CLI = ['--import', new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href, `${ROOT}server/cli.ts`];
/** A developer's own `.env` must not change what the tests run: off unless a test names the file. */
const NO_DOTENV = { CDG_ENV_FILE: '' };

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cdg <args>` to completion (in `cwd`, default the repository root). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd, env: { ...process.env, ...NO_DOTENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `cdg <args>` and resolves once stdout matches `ready`; returns the child and the match. */
export function startCli(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, ...NO_DOTENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const match = out.match(ready);
      if (match) resolve({ child, match, output: () => out });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`cdg exited (${code}) before ready:\n${out}`)));
  });
}
