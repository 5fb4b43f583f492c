import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cliEntry } from './compiled-cli.js';

/** The repository root (the CLI runs compiled from the current sources, so tests see the current code). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A developer's own `.env` must not change what the tests run: off unless a test names the file. */
const NO_DOTENV = { CDG_ENV_FILE: '' };

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cdg <args>` to completion (in `cwd`, default the repository root). */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<CliResult> {
  const cli = await cliEntry();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cli, ...args], { cwd, env: { ...process.env, ...NO_DOTENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `cdg <args>` and resolves once stdout matches `ready`; returns the child and the match. */
export async function startCli(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  const cli = await cliEntry();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cli, ...args], { cwd: ROOT, env: { ...process.env, ...NO_DOTENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
