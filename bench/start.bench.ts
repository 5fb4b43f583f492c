/**
 * Start-up benchmark (not a test), issue 13: time from spawning the built CLI (`node bin/cdg.js serve`, as `npm start`
 * runs it, launcher and heap-limit relaunch included) to its pino `ready` line (serving: reads of the population's ids
 * at once) and to its `loaded` line (the whole population in the store; a checkout that logs `resources` at `ready`
 * had loaded by then), for 1 and 1,000 patients, and the CPU time the run took (on a busy machine wall time is mostly
 * waiting for a core; CPU time is what it would cost). With
 * `--base <dir>` (another checkout, built) the two are run interleaved, so both see the same machine load, and the
 * medians are printed side by side.
 * Run: npm run bench:start [-- --runs 7] [-- --base /tmp/sf-base] [-- 1 1000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './child-server.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '7' }, base: { type: 'string' } } });
const sizes = positionals.length ? positionals.map(Number) : [1, 1000];
const RUNS = Number(values.runs);
const roots: Array<[string, string]> = [['this checkout', fileURLToPath(new URL('..', import.meta.url))]];
if (values.base) roots.push(['base', values.base]);

interface Sample {
  /** Spawn to `ready`, ms. */
  ms: number;
  /** Spawn to `loaded`, ms. */
  loadedMs: number;
  cpu: number;
}

/** The pino line with this msg, if `out` has it yet. */
function logLine(out: string, msg: string): string | undefined {
  return out.split('\n').find((line) => line.includes(`"msg":"${msg}"`));
}

/**
 * Milliseconds from spawn to the `ready` and the `loaded` log lines of `cdg serve` in `root`, and the CPU seconds (user
 * + sys, every process and thread of it, start to exit, by /usr/bin/time) the run took; the server is stopped once loaded.
 */
function timeToReady(root: string, patients: number): Promise<Sample> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cdg-bench-start-'));
  const argv = ['--max-semi-space-size=64', 'bin/cdg.js', 'serve', '--host', '127.0.0.1', '--port', '0', '--no-sftp', '--log-level', 'info', '--patients', String(patients), '--data-dir', dataDir];
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', 'cdg-cpu %U %S', process.execPath, ...argv], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise<Sample>((resolve, reject) => {
    let out = '';
    let err = '';
    let ms = 0;
    let loadedMs = 0;
    child.on('exit', (code) => {
      const cpu = /cdg-cpu ([\d.]+) ([\d.]+)/.exec(err);
      if (!loadedMs || !cpu) reject(new Error(`cdg exited (${code}) before loaded:\n${out}${err}`));
      else resolve({ ms, loadedMs, cpu: Number(cpu[1]) + Number(cpu[2]) });
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (loadedMs) return;
      const ready = logLine(out, 'ready');
      if (!ready) return;
      ms ||= performance.now() - started;
      if (!ready.includes('"resources"') && !logLine(out, 'loaded')) return;
      loadedMs = performance.now() - started;
      // time(1) does not pass signals on: stop the node it runs (the launcher passes SIGTERM to its relaunch).
      const node = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
      process.kill(node, 'SIGTERM');
    });
  }).finally(() => rmSync(dataDir, { recursive: true, force: true }));
}

async function main(): Promise<void> {
  console.log(`bench:start: node ${process.version}, ${RUNS} runs per size and checkout, interleaved; sizes ${sizes.join(', ')}`);
  const samples = new Map<string, Sample[]>();
  for (let run = 0; run < RUNS; run++) {
    for (const patients of sizes) {
      for (const [name, root] of roots) {
        const key = `${name}\u0000${patients}`;
        samples.set(key, [...(samples.get(key) ?? []), await timeToReady(root, patients)]);
      }
    }
  }
  const range = (ms: number[]) => `${median(ms).toFixed(0)} (${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)})`;
  const heads = roots.map(([n]) => `${n}: to ready, median (min-max) ms | ${n}: to loaded, ms | ${n}: CPU s, median`);
  const ratios = roots.length > 1 ? ' | ready, this / base | loaded, this / base' : '';
  console.log(`| patients | ${heads.join(' | ')}${ratios} |\n| --- |${roots.map(() => ' --- | --- | --- |').join('')}${ratios ? ' --- | --- |' : ''}`);
  for (const patients of sizes) {
    const of = (name: string) => samples.get(`${name}\u0000${patients}`)!;
    const cells = roots.map(([name]) => {
      const s = of(name);
      return `${range(s.map((x) => x.ms))} | ${range(s.map((x) => x.loadedMs))} | ${median(s.map((x) => x.cpu)).toFixed(2)}`;
    });
    if (roots.length > 1) {
      const [mine, base] = [of(roots[0][0]), of(roots[1][0])];
      const ratio = (pick: (x: Sample) => number) => (median(mine.map(pick)) / median(base.map(pick))).toFixed(2);
      cells.push(`${ratio((x) => x.ms)} | ${ratio((x) => x.loadedMs)}`);
    }
    console.log(`| ${patients.toLocaleString('en-US')} | ${cells.join(' | ')} |`);
  }
}

await main();
