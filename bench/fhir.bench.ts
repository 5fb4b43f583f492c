/**
 * FHIR REST benchmark (not a test): the app over a 10,000-patient population, autocannon against read and the
 * five searches of issue 3, and a bare node:http server returning the same read bytes as the ceiling.
 * The app is built as `cdg serve` builds it (request logs, metrics, security headers).
 * Run: npm run bench:fhir [-- patients seconds]
 */
import autocannon from 'autocannon';
import type { Encounter, Observation, Patient, Resource } from 'fhir/r4';
import { Agent, createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStore } from '../data-store/index.js';
import { DEFAULT_POPULATION_CONFIG } from '../population/config.js';
import { generatePopulation } from '../population/generate.js';
import { createApp } from '../server/app.js';
import { createLogger } from '../server/ops/logger.js';
import { createMetrics } from '../server/ops/metrics.js';

const patients = Number(process.argv[2] ?? 10_000);
const seconds = Number(process.argv[3] ?? 10);
/** Throughput is measured with 10 concurrent connections; latency with one (so p50 is service time, not queueing). */
const connections = 10;
const ROUNDS = 5;

/** The generated population, as `cdg serve` loads it. */
function population(): { resources: Resource[]; source: string } {
  return { resources: generatePopulation({ ...DEFAULT_POPULATION_CONFIG, patients }).resources, source: 'population/generate.ts' };
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

/** Requests per second with `connections` connections; the load runs in a worker thread (its own event loop and heap). */
async function throughput(url: string): Promise<{ rps: number; errors: number }> {
  const r = await autocannon({ url, connections, duration: seconds, workers: 1 });
  return { rps: Math.round(r.requests.average), errors: r.errors + r.non2xx };
}

/** p50/p99 in ms (microsecond precision) of sequential requests on one keep-alive connection, after a warm-up. */
async function latency(url: string): Promise<{ p50: number; p99: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = () => new Promise<number>((resolve, reject) => {
    const t = performance.now();
    get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - t : -1));
    }).on('error', reject);
  });
  for (let i = 0; i < 200; i++) await once();
  const samples: number[] = [];
  let errors = 0;
  for (const end = performance.now() + seconds * 1000; performance.now() < end && samples.length < 20_000; ) {
    const ms = await once();
    if (ms < 0) errors++;
    else samples.push(ms);
  }
  agent.destroy();
  samples.sort((a, b) => a - b);
  const at = (q: number) => Number(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(3));
  return { p50: at(0.5), p99: at(0.99), errors };
}

async function measure(name: string, url: string): Promise<Measured> {
  const t = await throughput(url);
  const l = await latency(url);
  return { name, rps: t.rps, p50: l.p50, p99: l.p99, errors: t.errors + l.errors };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const { resources, source } = population();
  const store = await createStore({ base: () => resources, baseLastUpdated: `${DEFAULT_POPULATION_CONFIG.asOf}T00:00:00Z` });
  const config = { ...DEFAULT_POPULATION_CONFIG, patients };
  // As `cdg serve` runs it: request logs (to /dev/null here), metrics, security headers on every request.
  const logger = createLogger({ level: 'info', file: '/dev/null' });
  const app = createApp({ store, population: { config, generationSeconds: 0 }, version: 'bench', logger, metrics: createMetrics() });
  const appServer = createServer(app);
  const base = await listen(appServer);
  // The same app with LOG_LEVEL=warn (no per-request log line), to show what request logging costs.
  const quiet = createApp({ store, population: { config, generationSeconds: 0 }, version: 'bench', metrics: createMetrics() });
  const quietServer = createServer(quiet);
  const quietBase = await listen(quietServer);
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

  // The ratio: bare and read measured back to back, five rounds, median of the per-round ratios (a neighbour's
  // load changing between two measurements would otherwise decide the figure).
  const rounds: Array<{ bare: number; read: number; quiet: number }> = [];
  for (let i = 0; i < ROUNDS; i++) {
    const b = await throughput(`${bareBase}/`);
    const r = await throughput(`${base}${readPath}`);
    const q = await throughput(`${quietBase}${readPath}`);
    rounds.push({ bare: b.rps, read: r.rps, quiet: q.rps });
    console.log(`round ${i + 1}: bare ${b.rps} req/s, read ${r.rps} req/s (${((r.rps / b.rps) * 100).toFixed(0)}%), read with LOG_LEVEL=warn ${q.rps} req/s (${((q.rps / b.rps) * 100).toFixed(0)}%)`);
  }
  const results = [await measure('bare node:http (same read bytes)', `${bareBase}/`)];
  for (const [name, path] of searches) results.push(await measure(name, `${base}${path}`));
  results.push(await measure('read Patient/{id}, LOG_LEVEL=warn', `${quietBase}${readPath}`));
  console.log(`\nreq/s with ${connections} connections (autocannon in a worker thread), p50/p99 of sequential requests on one keep-alive connection, ${seconds} s each\n`);
  console.log('| request | req/s | p50 ms | p99 ms | errors |\n| --- | ---: | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.name.replace(/\|/g, '\\|')} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`);
  const ratio = median(rounds.map((r) => r.read / r.bare));
  const quietRatio = median(rounds.map((r) => r.quiet / r.bare));
  console.log(`\nread throughput = ${(ratio * 100).toFixed(0)}% of the bare node:http server as served by default (request logs + metrics + security headers), median of ${ROUNDS} back-to-back rounds; target >= 60%`);
  console.log(`read throughput = ${(quietRatio * 100).toFixed(0)}% of the bare node:http server with LOG_LEVEL=warn (metrics + security headers)`);
  const slowest = Math.max(...results.slice(2, 2 + searches.length - 1).map((r) => r.p50));
  console.log(`slowest listed search p50 = ${slowest} ms; target <= 5 ms`);

  await new Promise((r) => bare.close(r));
  await new Promise((r) => appServer.close(r));
  await new Promise((r) => quietServer.close(r));
  await store.close();
}

await main();
