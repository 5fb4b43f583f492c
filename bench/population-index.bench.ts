/**
 * Population index benchmark (not a test), issue 13: builds data-store/compact/population-index.ts over a population
 * and prints the time to each pass's ready, the event loop delay of this (serving) thread meanwhile, the CPU time, the memory the
 * finished indexes hold (their typed arrays and strings; rss after a GC, the workers gone), the peak rss while
 * building, the index bytes per patient extrapolated to 1,000,000, and the median time of a few `candidates` lookups.
 * Run: npm run bench:population-index [-- 100000] [-- --threads 2] [-- --people-only]
 */
import type { Condition, Patient } from 'fhir/r4';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { populationIndexBytes, startPopulationIndex } from '../data-store/compact/population-index.js';
import { DEFAULT_POPULATION_CONFIG } from '../population/config.js';
import { generateDirectory } from '../population/directory.js';
import { generatePatientRecord } from '../population/generate-patient.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { threads: { type: 'string', default: '2' }, 'people-only': { type: 'boolean', default: false } } });
const patients = Number(positionals[0] ?? 100_000);
const threads = Number(values.threads);
const config = { ...DEFAULT_POPULATION_CONFIG, patients };
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function memory(): { rss: number; heapUsed: number; arrayBuffers: number } {
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss / MB, heapUsed: m.heapUsed / MB, arrayBuffers: m.arrayBuffers / MB };
}

async function main(): Promise<void> {
  const before = memory();
  const t0 = performance.now();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const cpu0 = process.cpuUsage();
  const cpuAt: Record<string, number> = {};
  const index = startPopulationIndex(config, { threads });
  const readyAt: Record<string, number> = {};
  let peakRss = 0;
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss() / MB);
      for (const s of index.status()) {
        if (!s.ready || readyAt[s.name] !== undefined) continue;
        readyAt[s.name] = performance.now() - t0;
        const used = process.cpuUsage(cpu0);
        cpuAt[s.name] = (used.user + used.system) / 1e6;
      }
      if (readyAt.people !== undefined && (values['people-only'] || readyAt.records !== undefined)) {
        clearInterval(poll);
        resolve();
      }
    }, 20);
  });
  if (values['people-only']) await index.close();
  else await index.whenBuilt();
  delay.disable();
  const after = memory();
  console.log(`patients ${patients}, threads ${threads}, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const at = (pass: string): string => `${pass} ready ${(readyAt[pass] / 1000).toFixed(1)} s (CPU of all threads so far ${cpuAt[pass].toFixed(1)} s)`;
  console.log(`${at('people')}${values['people-only'] ? '' : `, ${at('records')}`}`);
  console.log(`event loop delay of this thread while building: p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`);
  const grow = { rss: after.rss - before.rss, heapUsed: after.heapUsed - before.heapUsed, arrayBuffers: after.arrayBuffers - before.arrayBuffers };
  console.log(`peak rss of the process (this thread and the workers) while building: ${peakRss.toFixed(0)} MB (${before.rss.toFixed(0)} MB before)`);
  console.log(`memory held after build: rss +${grow.rss.toFixed(0)} MB, heap +${grow.heapUsed.toFixed(0)} MB, array buffers +${grow.arrayBuffers.toFixed(0)} MB`);
  const perPatient = (grow.heapUsed + grow.arrayBuffers) * MB / patients;
  const bytes = populationIndexBytes(index);
  console.log(`index typed arrays and strings: ${(bytes / MB).toFixed(1)} MB, ${(bytes / patients).toFixed(0)} B per patient -> ${((bytes / patients) * 1e6 / 1024 ** 3).toFixed(2)} GB at 1,000,000`);
  console.log(`heap + array buffers per patient ${perPatient.toFixed(0)} B -> ${(perPatient * 1e6 / 1024 ** 3).toFixed(2)} GB at 1,000,000 patients`);
  if (!values['people-only']) console.log(`base counts: ${['Patient', 'Observation', 'Claim', 'ExplanationOfBenefit'].map((t) => `${t} ${index.baseCount(t)}`).join(', ')}`);
  queryTimes(index);
  await index.close();
}

/** Median of fresh lookups (the index caches recent ones, so each value is asked once). */
function queryTimes(index: ReturnType<typeof startPopulationIndex>): void {
  const directory = generateDirectory(config);
  const sample = Array.from({ length: 50 }, (_, k) => {
    const resources = generatePatientRecord(config, directory, Math.floor((k * patients) / 50)).resources;
    const condition = resources.find((x): x is Condition => x.resourceType === 'Condition');
    return { patient: resources[0] as Patient, condition: condition?.code?.coding?.[0].code ?? 'I10' };
  });
  type Probe = (r: (typeof sample)[number]) => [string, string, string | undefined, string];
  const probes: Record<string, Probe> = {
    'identifier (MRN)': (r) => ['Patient', 'identifier', undefined, r.patient.identifier![0].value!],
    'family (whole)': (r) => ['Patient', 'family', undefined, r.patient.name![0].family!],
    'name (2 letters)': (r) => ['Patient', 'name', undefined, r.patient.name![0].family!.slice(0, 2)],
    'birthdate (day)': (r) => ['Patient', 'birthdate', undefined, r.patient.birthDate!],
    'birthdate (year)': (r) => ['Patient', 'birthdate', undefined, r.patient.birthDate!.slice(0, 4)],
    'Claim identifier': (r) => ['Claim', 'identifier', undefined, `C${Number(r.patient.id!.slice(3))}-1`],
    'Condition code': (r) => ['Condition', 'code', undefined, r.condition],
  };
  for (const [name, probe] of Object.entries(probes)) {
    const times: number[] = [];
    let found = 0;
    for (const r of sample) {
      const [type, code, modifier, value] = probe(r);
      const t = performance.now();
      found += index.candidates(type, code, modifier, value)?.length ?? 0;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`candidates ${name}: p50 ${times[times.length >> 1].toFixed(3)} ms, max ${times[times.length - 1].toFixed(3)} ms, mean candidates ${(found / sample.length).toFixed(0)}`);
  }
}

await main();
