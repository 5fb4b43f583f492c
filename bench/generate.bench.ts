/**
 * Generation benchmark (`npm run bench:generate [-- --patients N --threads T]`): 10,000 patients with one
 * worker per core, then with one thread for comparison. Each run is a fresh child process, so its peak RSS
 * is its own. Prints patients/s, resources/s, peak RSS, and memory per patient (the population's retained
 * heap after a full GC, divided by patients). Target (issue 2): <= 10 s for 10,000 patients on 2 cores.
 * Not a test: numbers depend on the machine and its load.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generatePopulationParallel } from '../population/parallel.js';

interface RunResult {
  threads: number;
  patients: number;
  resources: number;
  seconds: number;
  peakRssMb: number;
  retainedHeapMb: number;
}

const MB = 1024 * 1024;

async function measure(patients: number, threads: number): Promise<RunResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const resources = await generatePopulationParallel({ seed: '42', patients, asOf: '2026-01-01', historyYears: 3, includeAddress: true }, { threads });
  const seconds = (performance.now() - started) / 1000;
  gc?.();
  const retained = process.memoryUsage().heapUsed - heapBefore;
  return {
    threads,
    patients,
    resources: resources.length,
    seconds,
    // resourceUsage().maxRSS is in kilobytes and covers the worker threads (same process).
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    retainedHeapMb: retained / MB,
  };
}

function runChild(patients: number, threads: number): Promise<RunResult> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', '--patients', String(patients), '--threads', String(threads)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as RunResult) : reject(new Error(`benchmark child exited with ${code}`))));
  });
}

function report(r: RunResult): string {
  return [
    `${String(r.threads).padStart(2)} thread(s): ${r.patients} patients, ${r.resources} resources in ${r.seconds.toFixed(2)} s`,
    `${Math.round(r.patients / r.seconds)} patients/s`,
    `${Math.round(r.resources / r.seconds)} resources/s`,
    `peak RSS ${r.peakRssMb.toFixed(0)} MB`,
    `${((r.retainedHeapMb * 1024) / r.patients).toFixed(1)} KB/patient retained (${(r.resources / r.patients).toFixed(1)} resources/patient)`,
  ].join(' | ');
}

const { values } = parseArgs({
  options: { patients: { type: 'string', default: '10000' }, threads: { type: 'string' }, child: { type: 'boolean', default: false } },
});
const patients = Number(values.patients);
const threads = values.threads ? Number(values.threads) : availableParallelism();

if (values.child) {
  process.stdout.write(JSON.stringify(await measure(patients, threads)));
} else {
  console.log(`bench:generate on ${availableParallelism()} core(s), node ${process.version}`);
  const all = await runChild(patients, threads);
  console.log(report(all));
  if (threads !== 1) {
    const one = await runChild(patients, 1);
    console.log(report(one));
    console.log(`speed-up with ${threads} threads: ${(one.seconds / all.seconds).toFixed(2)}x`);
  }
  console.log(`target: 10,000 patients <= 10 s on 2 cores -> ${all.patients === 10_000 ? (all.seconds <= 10 ? 'met' : 'NOT met') : 'n/a (not 10,000 patients)'}`);
}
