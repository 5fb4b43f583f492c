// V8's old-space limit for `cdg`. Node's default (about 4 GB on 64-bit, whatever the machine has) is far below what
// a large population needs, so a 64,000-patient server died with "Reached heap limit" (issue 13). Unless the limit
// is already given (`--max-old-space-size` on the command line or in NODE_OPTIONS), `cdg` runs itself again in a
// child node with 75% of the memory it may use: the machine's, or its cgroup's (a container's) when that is lower.
// The rest is left for what is not old space: young generation, code, buffers, the OS.
// V8 sizes the heap when the process starts, so the flag cannot be set from inside: https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib
import { spawn } from 'node:child_process';
import { totalmem } from 'node:os';

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
