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
 * on the machine and its load (record them in bench/RESULTS.md with the load average).
 */
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { PopulationConfig } from '../population/config.js';
import { generateNdjsonParallel, generatePopulationParallel } from '../population/parallel.js';

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

async function measure(mode: Mode, patients: number, threads: number): Promise<RunResult> {
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

function runChild(mode: Mode, patients: number, threads: number): Promise<RunResult> {
  const self = fileURLToPath(import.meta.url);
  const args = ['--expose-gc', '--import', 'tsx', self, '--child', mode, '--patients', String(patients), '--threads', String(threads)];
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
    'object-workers': { type: 'boolean', default: false },
  },
});
const patients = Number(values.patients);
const threads = values.threads ? Number(values.threads) : availableParallelism();

if (values.child) {
  process.stdout.write(JSON.stringify(await measure(values.child as Mode, patients, threads)));
} else {
  console.log(`bench:generate: ${patients} patients, ${availableParallelism()} core(s), node ${process.version}, load average ${loadavg()[0].toFixed(1)}`);
  const serve = await runChild('objects', patients, 1);
  console.log(report(serve));
  const exportAll = await runChild('ndjson', patients, threads);
  console.log(report(exportAll));
  if (threads !== 1) {
    const exportOne = await runChild('ndjson', patients, 1);
    console.log(report(exportOne));
    console.log(`NDJSON speed-up with ${threads} threads: ${(exportOne.seconds / exportAll.seconds).toFixed(2)}x`);
  }
  if (values['object-workers']) console.log(report(await runChild('objects', patients, threads)));
  const per = (serve.resources / serve.patients).toFixed(1);
  console.log(`${per} resources/patient; target 10,000 patients <= 10 s on 2 cores (objects, as served): ${patients === 10_000 ? (serve.seconds <= 10 ? 'met' : 'NOT met') : 'n/a (not 10,000 patients)'}`);
}
