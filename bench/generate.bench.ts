/**
 * Generation benchmark: `npm run bench:generate [-- --patients N --threads T --object-workers]`.
 *
 * Runs, each in a fresh child process so peak RSS is its own:
 * - objects, 1 thread: the population as objects on the calling thread (what `cdg serve` loads);
 * - NDJSON, T threads (default: one per core) and 1 thread: generation plus serialization grouped by type
 *   (what `cdg generate` writes; here nothing is written to disk);
 * - with --object-workers, also objects from T worker threads (rebuilt with JSON.parse on the main thread).
 * Prints patients/s, resources/s, peak RSS, and memory per patient (retained heap after a full GC / patients,
 * objects runs only). Target (issue 2): <= 10 s for 10,000 patients on 2 cores. Not a test: numbers depend
 * on the machine and its load (record them in bench/results/generate.md with the load average).
 *
 * With `--base <dir>` (another checkout with node_modules, e.g. a `git worktree` of an older commit) each run is
 * made for the base and this checkout alternately, `--rounds` times (default 3), so both see the same machine load,
 * and the medians are compared: CPU seconds per patient and per resource, this checkout / base. The child imports
 * the population from the checkout it measures; this file drives both.
 * Run: npm run bench:generate -- --patients 2000 --base /tmp/genbase [--rounds 5] [--modes objects,ndjson]
 */
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { PopulationConfig } from '../population/config.js';
import { median } from './child-server.js';

/** The population API of a checkout (this one, or the --base one: same two functions since issue 2). */
type ParallelModule = typeof import('../population/parallel.js');

type Mode = 'objects' | 'ndjson';

interface RunResult {
  mode: Mode;
  threads: number;
  patients: number;
  resources: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** Objects runs only. */
  retainedHeapMb?: number;
}

const MB = 1024 * 1024;

async function measure(root: string, mode: Mode, patients: number, threads: number): Promise<RunResult> {
  const { generateNdjsonParallel, generatePopulationParallel } = (await import(pathToFileURL(resolve(root, 'population/parallel.ts')).href)) as ParallelModule;
  const config: PopulationConfig = { seed: '42', patients, asOf: '2026-01-01', historyYears: 3, includeAddress: true };
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let resources = 0;
  let retainedHeapMb: number | undefined;
  if (mode === 'objects') {
    const population = await generatePopulationParallel(config, { threads });
    resources = population.length;
    gc?.();
    retainedHeapMb = (process.memoryUsage().heapUsed - heapBefore) / MB;
  } else {
    await generateNdjsonParallel(config, (blocks) => {
      for (const block of blocks) resources += block.count;
    }, { threads });
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    mode,
    threads,
    patients,
    resources,
    seconds,
    // cpuUsage and resourceUsage cover every thread of the process, workers included; maxRSS is in KB.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    retainedHeapMb,
  };
}

function runChild(root: string, mode: Mode, patients: number, threads: number): Promise<RunResult> {
  const self = fileURLToPath(import.meta.url);
  const args = ['--expose-gc', '--import', 'tsx', self, '--child', mode, '--root', root, '--patients', String(patients), '--threads', String(threads)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as RunResult) : reject(new Error(`benchmark child exited with ${code}`))));
  });
}

function report(r: RunResult): string {
  const parts = [
    `${r.mode.padEnd(7)} ${String(r.threads).padStart(2)} thread(s): ${r.patients} patients, ${r.resources} resources in ${r.seconds.toFixed(2)} s (CPU ${r.cpuSeconds.toFixed(1)} s)`,
    `${Math.round(r.patients / r.seconds)} patients/s`,
    `${Math.round(r.resources / r.seconds)} resources/s`,
    `peak RSS ${r.peakRssMb.toFixed(0)} MB`,
  ];
  if (r.retainedHeapMb !== undefined) parts.push(`${((r.retainedHeapMb * 1024) / r.patients).toFixed(1)} KB/patient retained heap`);
  return parts.join(' | ');
}

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '10000' },
    threads: { type: 'string' },
    child: { type: 'string' },
    root: { type: 'string' },
    base: { type: 'string' },
    rounds: { type: 'string' },
    modes: { type: 'string' },
    'object-workers': { type: 'boolean', default: false },
  },
});
const patients = Number(values.patients);
const threads = values.threads ? Number(values.threads) : availableParallelism();
const here = fileURLToPath(new URL('..', import.meta.url));

/** A run of the comparison: its name, mode and threads. */
interface RunSpec {
  name: string;
  mode: Mode;
  threads: number;
}

function runSpecs(): RunSpec[] {
  const all: RunSpec[] = [{ name: 'objects', mode: 'objects', threads: 1 }, { name: 'ndjson', mode: 'ndjson', threads }];
  if (threads !== 1) all.push({ name: 'ndjson1', mode: 'ndjson', threads: 1 });
  if (values['object-workers']) all.push({ name: 'objectsT', mode: 'objects', threads });
  const wanted = values.modes?.split(',');
  return wanted ? all.filter((s) => wanted.includes(s.name)) : all;
}

/** Runs every spec for base and this checkout alternately, `rounds` times, then prints the medians and ratios. */
async function compare(base: string, rounds: number): Promise<void> {
  const specs = runSpecs();
  const roots: Array<[string, string]> = [['base', resolve(base)], ['this', here]];
  const results = new Map<string, RunResult[]>();
  for (let round = 1; round <= rounds; round++) {
    for (const spec of specs) {
      for (const [name, root] of roots) {
        const r = await runChild(root, spec.mode, patients, spec.threads);
        results.set(`${name}|${spec.name}`, [...(results.get(`${name}|${spec.name}`) ?? []), r]);
        console.log(`round ${round} ${name.padEnd(4)} ${report(r)} (load ${loadavg()[0].toFixed(1)})`);
      }
    }
  }
  console.log(`medians of ${rounds} interleaved rounds (CPU s = user + system of the child, workers included):`);
  for (const spec of specs) {
    const [b, t] = roots.map(([name]) => results.get(`${name}|${spec.name}`) ?? []);
    const cpu = (rs: RunResult[]) => median(rs.map((r) => r.cpuSeconds));
    const wall = (rs: RunResult[]) => median(rs.map((r) => r.seconds));
    const perPatient = cpu(t) / cpu(b);
    const perResource = perPatient / (t[0].resources / b[0].resources);
    console.log(
      `${spec.name.padEnd(8)} base ${cpu(b).toFixed(2)} s CPU, ${wall(b).toFixed(2)} s wall, ${(b[0].resources / patients).toFixed(1)} res/patient | `
      + `this ${cpu(t).toFixed(2)} s CPU, ${wall(t).toFixed(2)} s wall, ${(t[0].resources / patients).toFixed(1)} res/patient | `
      + `this/base CPU per patient ${perPatient.toFixed(3)}, per resource ${perResource.toFixed(3)}, wall ${(wall(t) / wall(b)).toFixed(3)}`,
    );
  }
}

async function single(): Promise<void> {
  const serve = await runChild(here, 'objects', patients, 1);
  console.log(report(serve));
  const exportAll = await runChild(here, 'ndjson', patients, threads);
  console.log(report(exportAll));
  if (threads !== 1) {
    const exportOne = await runChild(here, 'ndjson', patients, 1);
    console.log(report(exportOne));
    console.log(`NDJSON speed-up with ${threads} threads: ${(exportOne.seconds / exportAll.seconds).toFixed(2)}x`);
  }
  if (values['object-workers']) console.log(report(await runChild(here, 'objects', patients, threads)));
  const per = (serve.resources / serve.patients).toFixed(1);
  console.log(`${per} resources/patient; target 10,000 patients <= 10 s on 2 cores (objects, as served): ${patients === 10_000 ? (serve.seconds <= 10 ? 'met' : 'NOT met') : 'n/a (not 10,000 patients)'}`);
}

if (values.child) {
  process.stdout.write(JSON.stringify(await measure(values.root ?? here, values.child as Mode, patients, threads)));
} else {
  console.log(`bench:generate: ${patients} patients, ${availableParallelism()} core(s), node ${process.version}, load average ${loadavg()[0].toFixed(1)}`);
  if (values.base) await compare(values.base, Number(values.rounds ?? 3));
  else await single();
}
