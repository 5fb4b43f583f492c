/**
 * Scale benchmark (not a test), issue 13: for each population size, `cdg serve` is started as `npm start` starts it
 * (a child process, compiled build, bin/cdg.js) with POPULATION_MODE from `--mode` (kept, the default, or
 * regenerated), and measured from outside:
 * - time to ready (the app serves: /health/ready 200), then, polling /health/ready, when the population is loaded and
 *   when each index it reports is ready (progress printed as it goes);
 * - resident memory of the serving process (VmRSS from /proc/<pid>/status, not the bench's) at ready and at the end,
 *   and its peak (VmHWM);
 * - p50/p99 of a read and of the typical searches (patient compartment, identifier, name, birthdate, code), of a
 *   broad search's first page (`Observation?code=<most common LOINC>&_count=20`) and of 270 -> 271 (by member id and
 *   by bare subscriber id). Each probe waits for what it needs: with indexes reported, demographics and 270 for
 *   'people', codes for 'records', reads and compartments for nothing (they run while the indexes build, and again
 *   once all is built); without (kept), everything but reads is served once loaded, so every probe waits for that.
 * Latency is sequential requests on one keep-alive connection, rotating over the sampled members, after a warm-up;
 * the first request of each kind is reported apart (indexes built on first use, records not yet cached).
 * With `--base <dir>` (another checkout, built) each size is also served by that checkout, one after the other.
 * Run: npm run bench:scale [-- 1000 10000] [-- --mode regenerated] [-- --requests 300] [-- --base /tmp/base-checkout]
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Patient } from 'fhir/r4';
import { IDENTIFIER } from '../population/conventions.js';
import { median, quantile, startChildServer, type ChildServer } from './child-server.js';
import { sampleMembers, type Sample } from './scale-members.js';
import { gib, StartMonitor } from './scale-monitor.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    requests: { type: 'string', default: '300' },
    sample: { type: 'string', default: '400' },
    base: { type: 'string' },
    mode: { type: 'string', default: 'kept' },
    poll: { type: 'string', default: '100' },
    wait: { type: 'string', default: '1800' },
  },
});
const sizes = positionals.length ? positionals.map(Number) : [1000, 10_000];
const REQUESTS = Number(values.requests);
const SAMPLE = Number(values.sample);
const MODE = values.mode ?? 'kept';
/** Milliseconds between polls of /health/ready, and the longest a probe waits for what it needs. */
const POLL_MS = Number(values.poll);
const WAIT_MS = Number(values.wait) * 1000;
const WARM_UP = 30;
if (MODE !== 'kept' && MODE !== 'regenerated') throw new Error(`--mode ${MODE}: kept or regenerated`);

interface Probe {
  name: string;
  /** The index it needs (see StartMonitor.gate); none: a read or a compartment. */
  needs?: 'people' | 'records';
  /** The request for the i-th sampled member. */
  make: (i: number) => { method: 'GET' | 'POST'; path: string; body?: string };
}

function probes({ members, commonCode }: Sample): Probe[] {
  const at = (i: number) => members[i % members.length];
  const asked = members.filter((m) => m.inquiry && m.bySubscriberId);
  const memberId = (p: Patient) => p.identifier?.find((x) => x.system === IDENTIFIER.memberId)?.value ?? '';
  const get = (path: string) => ({ method: 'GET' as const, path });
  const post270 = (body: string | undefined) => ({ method: 'POST' as const, path: '/edi/270', body });
  return [
    { name: 'read Patient/{id}', make: (i) => get(`/fhir/Patient/${at(i).patient.id}`) },
    { name: 'Observation?patient= (compartment)', make: (i) => get(`/fhir/Observation?patient=${at(i).patient.id}`) },
    { name: 'Patient?identifier=', needs: 'people', make: (i) => get(`/fhir/Patient?identifier=${encodeURIComponent(`${IDENTIFIER.memberId}|${memberId(at(i).patient)}`)}`) },
    { name: 'Patient?family=', needs: 'people', make: (i) => get(`/fhir/Patient?family=${encodeURIComponent(at(i).patient.name?.[0]?.family ?? '')}`) },
    { name: 'Patient?birthdate=', needs: 'people', make: (i) => get(`/fhir/Patient?birthdate=${at(i).patient.birthDate}`) },
    { name: '270 -> 271 (member id)', needs: 'people', make: (i) => post270(asked[i % asked.length].inquiry) },
    { name: '270 -> 271 (bare subscriber id)', needs: 'people', make: (i) => post270(asked[i % asked.length].bySubscriberId) },
    { name: 'Observation?code= (the member\'s code)', needs: 'records', make: (i) => get(`/fhir/Observation?code=${encodeURIComponent(at(i).code)}`) },
    { name: `Observation?code=${commonCode.split('|')[1]}&_count=20 (broad, page 1)`, needs: 'records', make: () => get(`/fhir/Observation?code=${encodeURIComponent(commonCode)}&_count=20`) },
    // Every heart rate above a threshold: two conditions, the second tested on the first one's candidates.
    { name: 'Observation?code=heart-rate&value-quantity=gt (broad, page 1)', needs: 'records', make: (i) => get(`/fhir/Observation?code=${encodeURIComponent('http://loinc.org|8867-4')}&value-quantity=gt${60 + (i % 40)}`) },
  ];
}

interface Answer {
  ms: number;
  status: number;
  retryAfter?: number;
  body?: string;
}

/** One request on the keep-alive agent: milliseconds until the last byte, the status, and the body when `keep`. */
function timed(url: string, agent: Agent, r: ReturnType<Probe['make']>, keep = false): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers = r.body ? { 'content-type': 'application/edi-x12' } : {};
    const req = request(`${url}${r.path}`, { method: r.method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => keep && chunks.push(c));
      res.on('end', () => resolve({
        ms: performance.now() - started,
        status: res.statusCode ?? 0,
        retryAfter: Number(res.headers['retry-after']) || undefined,
        body: keep ? Buffer.concat(chunks).toString() : undefined,
      }));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

interface Measured {
  /** Milliseconds from spawn to the probe's first request. */
  at: number;
  first: number;
  p50: number;
  p99: number;
  /** Bundle.total of the first answer, for searches. */
  total?: string;
}

/** The first request (again after Retry-After while 503, up to WAIT_MS), a warm-up, then REQUESTS timed ones. */
async function measure(monitor: StartMonitor, server: ChildServer, probe: Probe): Promise<Measured> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const ok = (a: Answer, r: ReturnType<Probe['make']>): Answer => {
    if (a.status !== 200) throw new Error(`${r.method} ${r.path}: ${a.status}`);
    return a;
  };
  try {
    const at = monitor.now();
    let first = await timed(server.url, agent, probe.make(0), true);
    while (first.status === 503 && monitor.now() - at < WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, (first.retryAfter ?? 1) * 1000));
      first = await timed(server.url, agent, probe.make(0), true);
    }
    ok(first, probe.make(0));
    for (let i = 1; i <= WARM_UP; i++) ok(await timed(server.url, agent, probe.make(i)), probe.make(i));
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) samples.push(ok(await timed(server.url, agent, probe.make(WARM_UP + 1 + i)), probe.make(i)).ms);
    samples.sort((a, b) => a - b);
    const total = /"total":\s*(\d+)/.exec(first.body ?? '')?.[1];
    return { at, first: first.ms, p50: median(samples), p99: quantile(samples, 0.99), total };
  } finally {
    agent.destroy();
  }
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
const seconds = (x: number | undefined): string => (x === undefined ? '-' : `${(x / 1000).toFixed(1)} s`);

interface ServerRun {
  readyMs: number;
  loadedMs?: number;
  indexes: Map<string, number>;
  rssReady: number;
  rssEnd: number;
  peak: number;
  /** Per probe name (and `name (while indexes build)`): its figures, or why it was not measured. */
  rows: Map<string, Measured | string>;
}

/** Runs a probe once its gate opens (printing its figures), or records why it did not run. */
async function runProbe(monitor: StartMonitor, server: ChildServer, probe: Probe, run: ServerRun, need: string | undefined = probe.needs): Promise<void> {
  if (!(await monitor.gate(need, WAIT_MS))) {
    run.rows.set(probe.name, `not ready after ${WAIT_MS / 1000} s`);
    monitor.log(`${probe.name}: index ${need ?? ''} not ready after ${WAIT_MS / 1000} s, skipped`);
    return;
  }
  const label = monitor.settled() ? probe.name : `${probe.name} (while indexes build)`;
  const m = await measure(monitor, server, probe);
  run.rows.set(label, m);
  monitor.log(`${label}: first ${ms(m.first)} ms, p50 ${ms(m.p50)}, p99 ${ms(m.p99)}${m.total ? `, total ${m.total}` : ''}; RSS ${gib(server.memory().rss)}`);
}

/** One checkout serving one size: start-up, memory, and every probe as soon as it may run. */
async function runServer(patients: number, sample: Sample, name: string, root?: string): Promise<ServerRun> {
  console.log(`${patients} patients, ${name}:`);
  const dataDir = mkdtempSync(join(tmpdir(), 'cdg-bench-scale-'));
  const server = await startChildServer(['--patients', String(patients), '--data-dir', dataDir], { POPULATION_MODE: MODE }, root, 'ready');
  const monitor = new StartMonitor(server, POLL_MS);
  try {
    const run: ServerRun = { readyMs: server.readyMs, indexes: monitor.indexReadyMs, rssReady: server.memory().rss, rssEnd: 0, peak: 0, rows: new Map() };
    monitor.log(`ready; RSS ${gib(run.rssReady)}`);
    await monitor.start();
    for (const probe of probes(sample)) await runProbe(monitor, server, probe, run);
    // Every probe measured while an index was still building: again once everything is built ('' names no index).
    for (const probe of probes(sample)) if (!run.rows.has(probe.name)) await runProbe(monitor, server, probe, run, '');
    run.loadedMs = monitor.loadedMs;
    const end = server.memory();
    return { ...run, rssEnd: end.rss, peak: end.peak };
  } finally {
    await monitor.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Runs = Array<readonly [string, ServerRun]>;

/** The size's table: one row per probe, a first / p50 / p99 column per checkout, and with a base the ratio of p50s. */
function printSize(patients: number, sample: Sample, runs: Runs): void {
  for (const [name, r] of runs) {
    const indexes = [...r.indexes].map(([n, t]) => `${n} ${seconds(t)}`).join(', ') || 'none reported';
    console.log(`\n${patients} patients, ${name}, POPULATION_MODE=${MODE}: ready ${seconds(r.readyMs)}, loaded ${seconds(r.loadedMs)}, indexes ready: ${indexes}; ` +
      `RSS at ready ${gib(r.rssReady)}, at end ${gib(r.rssEnd)}, peak ${gib(r.peak)}`);
  }
  const ratio = runs.length === 2 ? ' p50 this / base |' : '';
  console.log(`| request | ${runs.map(([name]) => `${name}: first / p50 / p99 (ms) [start s]`).join(' | ')} |${ratio}\n| --- |${runs.map(() => ' --- |').join('')}${ratio ? ' --- |' : ''}`);
  const labels = [...new Set(runs.flatMap(([, r]) => [...r.rows.keys()]))];
  const order = probes(sample).map((p) => p.name);
  labels.sort((a, b) => order.findIndex((n) => a.startsWith(n)) - order.findIndex((n) => b.startsWith(n)));
  for (const label of labels) {
    const found = runs.map(([, r]) => r.rows.get(label));
    const cells = found.map((m) => (m === undefined ? '-' : typeof m === 'string' ? m : `${ms(m.first)} / ${ms(m.p50)} / ${ms(m.p99)} [${(m.at / 1000).toFixed(1)}]`));
    const [a, b] = found;
    if (ratio) cells.push(typeof a === 'object' && typeof b === 'object' ? (b.p50 / a.p50).toFixed(2) : '-');
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
}

async function runSize(patients: number): Promise<{ patients: number; run: ServerRun }> {
  const started = performance.now();
  const sample = sampleMembers(patients, SAMPLE);
  console.log(`\n${patients} patients: ${SAMPLE} members sampled in ${seconds(performance.now() - started)}`);
  const base = values.base ? await runServer(patients, sample, 'base', values.base) : undefined;
  const current = await runServer(patients, sample, 'this checkout');
  printSize(patients, sample, base ? [['base', base], ['this checkout', current]] : [['this checkout', current]]);
  return { patients, run: current };
}

/** Every size of this checkout side by side: start-up and memory, then each probe's p50. */
function printSummary(results: Array<{ patients: number; run: ServerRun }>): void {
  console.log(`\nSummary (this checkout, POPULATION_MODE=${MODE})`);
  console.log('| patients | ready | loaded | indexes ready | RSS at ready | RSS at end | RSS peak |\n| --- | --- | --- | --- | --- | --- | --- |');
  for (const { patients, run: r } of results) {
    const indexes = [...r.indexes].map(([n, t]) => `${n} ${seconds(t)}`).join(', ') || '-';
    console.log(`| ${patients} | ${seconds(r.readyMs)} | ${seconds(r.loadedMs)} | ${indexes} | ${gib(r.rssReady)} | ${gib(r.rssEnd)} | ${gib(r.peak)} |`);
  }
  const labels = [...new Set(results.flatMap(({ run }) => [...run.rows.keys()]))];
  console.log(`| p50 (ms) | ${results.map((x) => x.patients).join(' | ')} |\n| --- |${results.map(() => ' --- |').join('')}`);
  for (const label of labels) {
    console.log(`| ${label} | ${results.map(({ run }) => { const m = run.rows.get(label); return m === undefined ? '-' : typeof m === 'string' ? 'not run' : ms(m.p50); }).join(' | ')} |`);
  }
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1], results[i]];
    console.log(`RSS at end per 1,000 patients between ${a.patients} and ${b.patients}: ${(((b.run.rssEnd - a.run.rssEnd) / (b.patients - a.patients)) * 1000 / 2 ** 20).toFixed(1)} MiB`);
  }
}

async function main(): Promise<void> {
  console.log(`bench:scale: node ${process.version}, POPULATION_MODE=${MODE}, sizes ${sizes.join(', ')}, ${REQUESTS} sequential requests per kind after ${WARM_UP} warm-up, ${SAMPLE} sampled members`);
  const results = [];
  for (const n of sizes) results.push(await runSize(n));
  printSummary(results);
}

await main();
