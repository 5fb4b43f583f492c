// V8's old-space limit for `cdg`. Node's default (about 4 GB on 64-bit, whatever the machine has) is far below what
// a large population needs, so a 64,000-patient server died with "Reached heap limit" (issue 13). Unless the limit
// is already given (`--max-old-space-size` on the command line or in NODE_OPTIONS), `cdg` runs itself again in a
// child node with 75% of the memory it may use: the machine's, or its cgroup's (a container's) when that is lower.
// The rest is left for what is not old space: young generation, code, buffers, the OS.
// V8 sizes the heap when the process starts, so the flag cannot be set from inside: https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib
// The second node costs a whole bootstrap (~0.1 s of CPU), so it is started only when the population the command is
// configured for (--patients, PATIENTS, .env, or the default) would not fit in the heap node already has.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { getHeapStatistics } from 'node:v8';

/** Share of the available memory given to V8's old space. */
export const HEAP_SHARE = 0.75;

/** The old-space limit in MiB: HEAP_SHARE of the machine's memory, or of the cgroup limit when that is lower. */
export function defaultHeapMb(total = totalmem(), constrained = process.constrainedMemory?.() ?? 0) {
  const available = constrained > 0 && constrained < total ? constrained : total;
  return Math.max(256, Math.floor((available * HEAP_SHARE) / 2 ** 20));
}

/** Whether node was started with an explicit old-space limit. */
export function hasHeapLimit(execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '') {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--max[-_]old[-_]space[-_]size(=|$)/.test(arg));
}

/**
 * Old space a population needs, in MiB, to decide whether to relaunch: 0.25 MiB per patient over a 512 MiB base, above
 * the 170 KiB per patient a loaded population holds (server/ops/heap-budget.ts, which refuses what cannot fit at all).
 */
export function heapNeededMb(patients) {
  return 512 + Math.ceil(patients * 0.25);
}

/** The settings default for PATIENTS (server/ops/settings.ts). */
const DEFAULT_PATIENTS = 300;

/**
 * The patient count the command will use, as the CLI resolves it: the last --patients flag, else PATIENTS from the
 * environment, else from the .env file (or CDG_ENV_FILE), else the default. Infinity when it cannot be told
 * (an unreadable value), so that the caller keeps the larger heap.
 */
export function configuredPatients(args = process.argv.slice(2), env = process.env) {
  let flag;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    if (args[i] === '--patients') flag = args[++i];
    else if (args[i].startsWith('--patients=')) flag = args[i].slice('--patients='.length);
  }
  const value = flag ?? env.PATIENTS ?? dotEnvValue(env, 'PATIENTS');
  if (value === undefined) return DEFAULT_PATIENTS;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : Infinity;
}

/** `key` from the .env file the CLI reads (CDG_ENV_FILE, '' for none); undefined when absent, '?' when unreadable. */
function dotEnvValue(env, key) {
  const name = env.CDG_ENV_FILE ?? '.env';
  if (name === '' || !existsSync(resolve(name))) return undefined;
  try {
    return parseEnv(readFileSync(resolve(name), 'utf8'))[key];
  } catch {
    return '?';
  }
}

/** Whether node must run again with `mb`: the population needs more than the current limit, and `mb` gives more. */
export function needsRelaunch(mb, patients = configuredPatients(), limitMb = getHeapStatistics().heap_size_limit / 2 ** 20) {
  return mb > limitMb && heapNeededMb(patients) > limitMb;
}

/**
 * Runs this same command in a child node with `--max-old-space-size=<mb>` and mirrors its exit. SIGTERM and SIGHUP
 * (what `docker stop` and service managers send to the first process) are passed on. SIGINT is passed on as SIGTERM:
 * Ctrl-C in a terminal reaches the child too, and a second SIGINT would cut its graceful shutdown short.
 */
export function relaunchWithHeapLimit(mb) {
  const args = [...process.execArgv, `--max-old-space-size=${mb}`, ...process.argv.slice(1)];
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  process.on('SIGINT', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    process.stderr.write(`cdg: could not start node: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}
