/**
 * Search benchmark over a 10,000-patient population (not a test): prints first-use index build
 * time and warm p50/p99 for the issue-3 searches. Uses population/generate.ts when it exports a
 * generator, otherwise a synthetic population of the same shape (~100 resources per patient).
 * Run: node --import tsx bench/search.bench.ts [patients] [synthetic]
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Resource } from 'fhir/r4';
import { createStore } from '../data-store/index.js';

const patients = Number(process.argv[2] ?? 10_000);

/** A seeded, shape-realistic stand-in: encounters, conditions, labs and vitals per patient. */
function* synthetic(n: number): Iterable<Resource> {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const families = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernández', 'Lopez', 'Müller', 'Wilson', 'Anderson'];
  const loinc = ['4548-4', '2345-7', '2093-3', '718-7', '8480-6', '8462-4', '29463-7', '8302-2', '39156-5', '8867-4'];
  const day = (y0: number, span: number) => new Date(Date.UTC(y0, 0, 1) + Math.floor(rnd() * span * 365) * 86_400_000);
  for (let i = 0; i < n; i++) {
    const pid = `p${i}`;
    yield {
      resourceType: 'Patient', id: pid, gender: rnd() < 0.5 ? 'female' : 'male', birthDate: day(1930, 90).toISOString().slice(0, 10),
      name: [{ family: families[Math.floor(rnd() * families.length)] + (i % 500), given: ['Alex'] }],
      identifier: [{ system: 'https://cdg.example.org/fhir/sid/mrn', value: `MRN${i}` }],
    } as Resource;
    for (let e = 0; e < 10; e++) {
      const eid = `${pid}-e${e}`;
      const start = day(2023, 3);
      yield { resourceType: 'Encounter', id: eid, status: 'finished', class: { code: 'AMB' }, subject: { reference: `Patient/${pid}` }, period: { start: start.toISOString(), end: new Date(start.getTime() + 1_800_000).toISOString() } } as Resource;
      yield { resourceType: 'Condition', id: `${eid}-c`, subject: { reference: `Patient/${pid}` }, encounter: { reference: `Encounter/${eid}` }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: rnd() < 0.5 ? 'I10' : 'E11.9' }] } } as Resource;
      for (let o = 0; o < 8; o++) {
        const code = loinc[Math.floor(rnd() * loinc.length)];
        yield {
          resourceType: 'Observation', id: `${eid}-o${o}`, status: 'final', subject: { reference: `Patient/${pid}` }, encounter: { reference: `Encounter/${eid}` },
          code: { coding: [{ system: 'http://loinc.org', code }] }, effectiveDateTime: start.toISOString(),
          valueQuantity: { value: Math.round(rnd() * 2000) / 10, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
        } as Resource;
      }
    }
  }
}

async function base(): Promise<() => Iterable<Resource>> {
  if (process.argv[3] !== 'synthetic' && existsSync(new URL('../population/generate.ts', import.meta.url))) {
    const mod = (await import('../population/generate.js' as string)) as Record<string, unknown>;
    const gen = mod.generatePopulation as ((c: unknown) => Iterable<Resource> | { resources: Resource[] }) | undefined;
    if (typeof gen === 'function') {
      const { DEFAULT_POPULATION_CONFIG } = await import('../population/config.js');
      const out = await gen({ ...DEFAULT_POPULATION_CONFIG, patients });
      const list = Array.isArray(out) ? out : 'resources' in (out as object) ? (out as { resources: Resource[] }).resources : [...(out as Iterable<Resource>)];
      if (process.argv[3] !== 'synthetic' && list.length >= patients * 20) {
        console.log('population: population/generate.ts');
        return () => list;
      }
      console.log(`population/generate.ts gave ${list.length} resources (clinical records not filled in yet?)`);
    }
  }
  console.log('population: synthetic');
  return () => synthetic(patients);
}

const t0 = performance.now();
const store = await createStore({ base: await base(), baseLastUpdated: '2026-01-01T00:00:00Z' });
console.log(`patients ${patients}, resources ${Object.values(store.counts()).reduce((a, b) => a + b, 0)}, load ${((performance.now() - t0) / 1000).toFixed(2)} s, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

const patientIds = [...store.all('Patient')].map((p) => p.id!);
// Patients that do have an HbA1c, so the code search returns something.
const a1cPatients = [...new Set([...store.all<import('fhir/r4').Observation>('Observation')]
  .filter((o) => o.code?.coding?.some((c) => c.code === '4548-4'))
  .map((o) => o.subject?.reference?.split('/')[1] ?? ''))].filter(Boolean);
const families = [...store.all<import('fhir/r4').Patient>('Patient')].map((p) => p.name?.[0]?.family ?? 'x');
const pick = <T>(a: T[], i: number) => a[(i * 7919) % a.length];
const searches: Array<[string, string, (i: number) => Array<[string, string]>]> = [
  ['Patient?family=X', 'Patient', (i) => [['family', pick(families, i)]]],
  ['Patient?birthdate=ge1980-01-01&_count=50', 'Patient', () => [['birthdate', 'ge1980-01-01'], ['_count', '50']]],
  ['Observation?patient=X&code=http://loinc.org|4548-4', 'Observation', (i) => [['patient', pick(a1cPatients.length ? a1cPatients : patientIds, i)], ['code', 'http://loinc.org|4548-4']]],
  ['Observation?date=ge2025-01-01&_count=100', 'Observation', () => [['date', 'ge2025-01-01'], ['_count', '100']]],
  ['Encounter?patient=X&_revinclude=Condition:encounter', 'Encounter', (i) => [['patient', pick(patientIds, i)], ['_revinclude', 'Condition:encounter']]],
];
for (const [label, type, params] of searches) {
  const f = performance.now();
  const first = store.search({ resourceType: type, params: params(0) });
  const firstMs = performance.now() - f;
  const times: number[] = [];
  for (let i = 1; i <= 300; i++) {
    const s = performance.now();
    store.search({ resourceType: type, params: params(i) });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))].toFixed(2);
  console.log(`${label.padEnd(56)} first ${firstMs.toFixed(0).padStart(5)} ms (total ${first.total})  p50 ${pct(0.5)} ms  p99 ${pct(0.99)} ms`);
}
await store.close();
