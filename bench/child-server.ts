/**
 * Starts `cdg serve` as `npm start` does (node --max-semi-space-size=64 bin/cdg.js serve, the compiled build) in a
 * child process, for benchmarks that need a real server with its own heap: time to ready, resident memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Resident memory of a process in bytes, from /proc/<pid>/status: now (VmRSS) and its peak so far (VmHWM). */
export interface ProcessMemory {
  rss: number;
  peak: number;
}

export interface ChildServer {
  url: string;
  /** performance.now() at spawn: the origin of the times a benchmark reports. */
  startedAt: number;
  /** Milliseconds from spawn to the line `until` waited for (see startChildServer). */
  readyMs: number;
  /** The serving process's memory (the node that serves, below a heap-limit relaunch; not the launcher, not the bench). */
  memory(): ProcessMemory;
  stop(): Promise<void>;
}

/** What `cdg serve` prints once the app serves (reads at once, /health/ready 200), and once the population is loaded. */
const SERVING_READS = /cdg: serving reads on (http:\/\/127\.0\.0\.1:\d+)/;
const SERVING_ALL = /cdg serving .* at (http:\/\/127\.0\.0\.1:\d+)/;

/**
 * Spawns `cdg serve <args>` (of this checkout, or of the built checkout `root`) on 127.0.0.1 and a free port; resolves
 * once it serves: `until` 'loaded' at the "cdg serving" line (the population loaded, /health/loaded 200), 'ready' at
 * the first of that line and the "serving reads" one (the app serves, /health/ready 200).
 */
export function startChildServer(args: string[], env: NodeJS.ProcessEnv = {}, root = ROOT, until: 'ready' | 'loaded' = 'loaded'): Promise<ChildServer> {
  const started = performance.now();
  const argv = ['--max-semi-space-size=64', 'bin/cdg.js', 'serve', '--host', '127.0.0.1', '--port', '0', '--no-sftp', '--log-level', 'warn', ...args];
  const child = spawn(process.execPath, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null): void => reject(new Error(`cdg exited (${code}) before ready:\n${out}`));
    child.on('exit', onExit);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = SERVING_ALL.exec(out) ?? (until === 'ready' ? SERVING_READS.exec(out) : null);
      if (!match) return;
      child.off('exit', onExit);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve(handle(child, match[1], started, performance.now() - started));
    });
  });
}

/** The processes `pid` started (Linux /proc; none when it cannot be read). */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The node that serves: `pid`, or the cdg it started again with a heap limit (bin/heap-limit.js), and so on down. */
function servingPid(pid: number): number {
  const isCdg = (c: number): boolean => {
    try {
      return readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('cdg.js');
    } catch {
      return false;
    }
  };
  for (let next = childPids(pid).find(isCdg); next !== undefined; next = childPids(pid).find(isCdg)) pid = next;
  return pid;
}

/** VmRSS and VmHWM of a process, in bytes. */
function memoryOf(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

function handle(child: ChildProcess, url: string, startedAt: number, readyMs: number): ChildServer {
  const pid = servingPid(child.pid ?? 0);
  return {
    url,
    startedAt,
    readyMs,
    memory: () => memoryOf(pid),
    stop() {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The q-quantile (0..1) of sorted samples. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
