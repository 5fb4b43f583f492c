/**
 * FHIR REST benchmark (not a test): the app over a 10,000-patient population, autocannon against read and the
 * five searches of issue 3, and a bare node:http server returning the same read bytes as the ceiling.
 * Uses population/generate.ts when it exists, otherwise a seeded stand-in of the same shape.
 * Run: npm run bench:fhir [-- patients seconds]
 */
import autocannon from 'autocannon';
import type { Encounter, Observation, Patient, Resource } from 'fhir/r4';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStore } from '../data-store/index.js';
import { DEFAULT_POPULATION_CONFIG } from '../population/config.js';
import { createApp } from '../server/app.js';

const patients = Number(process.argv[2] ?? 10_000);
const seconds = Number(process.argv[3] ?? 10);
/** Throughput is measured with 10 concurrent connections; latency with one (so p50 is service time, not queueing). */
const connections = 10;

/** Seeded stand-in: per patient 10 encounters, a condition each, 8 observations each. */
function* standIn(n: number): Iterable<Resource> {
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const families = ['Smith', 'Johnson', 'Garcia', 'Miller', 'Davis', 'Lopez', 'Wilson', 'Anderson'];
  const loinc = ['4548-4', '2345-7', '2093-3', '718-7', '8480-6', '8462-4', '29463-7', '8302-2'];
  const day = (y0: number, span: number): Date => new Date(Date.UTC(y0, 0, 1) + Math.floor(rnd() * span * 365) * 86_400_000);
  for (let i = 0; i < n; i++) {
    const pid = `p${i}`;
    yield { resourceType: 'Patient', id: pid, gender: rnd() < 0.5 ? 'female' : 'male', birthDate: day(1930, 90).toISOString().slice(0, 10), name: [{ family: `${families[i % 8]}${i % 700}`, given: ['Alex'] }] } as Patient;
    for (let e = 0; e < 10; e++) {
      const eid = `${pid}-e${e}`;
      const start = day(2023, 3).toISOString();
      yield { resourceType: 'Encounter', id: eid, status: 'finished', class: { code: 'AMB' }, subject: { reference: `Patient/${pid}` }, period: { start } } as Encounter;
      yield { resourceType: 'Condition', id: `${eid}-c`, subject: { reference: `Patient/${pid}` }, encounter: { reference: `Encounter/${eid}` }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I10' }] } } as Resource;
      for (let o = 0; o < 8; o++) {
        yield { resourceType: 'Observation', id: `${eid}-o${o}`, status: 'final', subject: { reference: `Patient/${pid}` }, encounter: { reference: `Encounter/${eid}` }, code: { coding: [{ system: 'http://loinc.org', code: loinc[Math.floor(rnd() * 8)] }] }, effectiveDateTime: start } as Observation;
      }
    }
  }
}

async function population(): Promise<{ resources: Resource[]; source: string }> {
  if (existsSync(new URL('../population/generate.ts', import.meta.url))) {
    const mod = (await import('../population/generate.js' as string)) as { generatePopulation?: (c: unknown) => { resources: Resource[] } | Promise<{ resources: Resource[] }> };
    if (typeof mod.generatePopulation === 'function') {
      const { resources } = await mod.generatePopulation({ ...DEFAULT_POPULATION_CONFIG, patients });
      // The issue's searches need encounters, conditions and observations; until the clinical generator makes them, use the stand-in.
      const clinical = new Set(['Encounter', 'Condition', 'Observation']);
      if ([...clinical].every((t) => resources.some((r) => r.resourceType === t))) return { resources, source: 'population/generate.ts' };
    }
  }
  return { resources: [...standIn(patients)], source: 'seeded stand-in (population/generate.ts has no clinical data yet)' };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(name: string, url: string): Promise<Measured> {
  const throughput = await autocannon({ url, connections, duration: seconds });
  const latency = await autocannon({ url, connections: 1, duration: seconds });
  return {
    name,
    rps: Math.round(throughput.requests.average),
    p50: latency.latency.p50,
    p99: latency.latency.p99,
    errors: throughput.errors + throughput.non2xx + latency.errors + latency.non2xx,
  };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const { resources, source } = await population();
  const store = await createStore({ base: () => resources, baseLastUpdated: `${DEFAULT_POPULATION_CONFIG.asOf}T00:00:00Z` });
  const config = { ...DEFAULT_POPULATION_CONFIG, patients };
  const app = createApp({ store, population: { config, generationSeconds: 0 }, version: 'bench' });
  const appServer = createServer(app);
  const base = await listen(appServer);
  console.log(`population: ${patients} patients, ${resources.length} resources (${source}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Sample values taken from the data, so every search has matches.
  const patient = resources.find((r): r is Patient => r.resourceType === 'Patient')!;
  const encounter = resources.find((r): r is Encounter => r.resourceType === 'Encounter')!;
  const encPatient = encounter.subject!.reference!.split('/')[1];
  const hb = resources.find((r): r is Observation => r.resourceType === 'Observation' && !!(r as Observation).code.coding?.some((c) => c.code === '4548-4'));
  const obsPatient = (hb ?? resources.find((r): r is Observation => r.resourceType === 'Observation'))!.subject!.reference!.split('/')[1];
  const family = encodeURIComponent(patient.name![0].family!);
  const readPath = `/fhir/Patient/${patient.id}`;

  // Warm every path once (first-use index builds are the store's start-up cost, not per-request latency).
  const searches: Array<[string, string]> = [
    ['read Patient/{id}', readPath],
    ['Patient?family=X', `/fhir/Patient?family=${family}`],
    ['Patient?birthdate=ge1980-01-01&_count=50', '/fhir/Patient?birthdate=ge1980-01-01&_count=50'],
    ['Observation?patient=X&code=loinc|4548-4', `/fhir/Observation?patient=${obsPatient}&code=${encodeURIComponent('http://loinc.org|4548-4')}`],
    ['Observation?date=ge2025-01-01&_count=100', '/fhir/Observation?date=ge2025-01-01&_count=100'],
    ['Encounter?patient=X&_revinclude=Condition:encounter', `/fhir/Encounter?patient=${encPatient}&_revinclude=Condition:encounter`],
  ];
  for (const [name, path] of searches) {
    const res = await fetch(`${base}${path}`);
    const body = (await res.json()) as { total?: number };
    console.log(`warm ${name}: ${res.status}${body.total !== undefined ? `, total ${body.total}` : ''}`);
  }

  const readRes = await fetch(`${base}${readPath}`);
  const readBytes = Buffer.from(await readRes.arrayBuffer());
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/fhir+json; charset=utf-8', 'Content-Length': readBytes.length });
    res.end(readBytes);
  });
  const bareBase = await listen(bare);

  const results = [await measure('bare node:http (same read bytes)', `${bareBase}/`)];
  for (const [name, path] of searches) results.push(await measure(name, `${base}${path}`));
  console.log(`\nreq/s with ${connections} connections, p50/p99 with 1 connection, ${seconds} s each\n`);
  console.log('| request | req/s | p50 ms | p99 ms | errors |\n| --- | ---: | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.name.replace(/\|/g, '\\|')} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`);
  const ratio = results[1].rps / results[0].rps;
  console.log(`\nread throughput = ${(ratio * 100).toFixed(0)}% of the bare node:http server (target >= 60%)`);

  await new Promise((r) => bare.close(r));
  await new Promise((r) => appServer.close(r));
  await store.close();
}

await main();
