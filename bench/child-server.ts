/**
 * Starts `cdg serve` as `npm start` does (node --max-semi-space-size=64 bin/cdg.js serve, the compiled build) in a
 * child process, for benchmarks that need a real server with its own heap: time to ready, resident memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ChildServer {
  url: string;
  /** Milliseconds from spawn to the "cdg serving" line (printed once the population is loaded: /health/loaded answers 200). */
  readyMs: number;
  /** The server's resident set size, from its own metrics (the process that serves, not a launcher). */
  rssBytes(): Promise<number>;
  stop(): Promise<void>;
}

/** Spawns `cdg serve <args>` (of this checkout, or of the built checkout `root`) on 127.0.0.1 and a free port; resolves once it is ready. */
export function startChildServer(args: string[], env: NodeJS.ProcessEnv = {}, root = ROOT): Promise<ChildServer> {
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
      const match = /cdg serving .* at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!match) return;
      child.off('exit', onExit);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve(handle(child, match[1], performance.now() - started));
    });
  });
}

function handle(child: ChildProcess, url: string, readyMs: number): ChildServer {
  return {
    url,
    readyMs,
    async rssBytes() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const line = /^cdg_process_resident_memory_bytes (\d+)/m.exec(text);
      if (!line) throw new Error('no cdg_process_resident_memory_bytes in /metrics');
      return Number(line[1]);
    },
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
