/**
 * Scale benchmark (not a test), issue 13: for each population size, `cdg serve` is started as `npm start` starts it
 * (a child process, compiled build, bin/cdg.js) and measured from outside: time to ready, resident memory at ready,
 * p50/p99 of a read and of the typical searches (patient compartment, identifier, name, birthdate, code) and of
 * 270 -> 271. Latency is sequential requests on one keep-alive connection, rotating over sampled members, after a
 * warm-up; the first request of each kind is reported apart, since search indexes are built on first use.
 * With `--base <dir>` (another checkout, built) each size is also served by that checkout, one after the other, and
 * both columns are printed (before/after on the same machine and load).
 * Run: npm run bench:scale [-- 1000 10000 64000] [-- --requests 300] [-- --base /tmp/base-checkout]
 */
import type { Coverage, Organization, Patient, Resource } from 'fhir/r4';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { coverageActiveOn, memberIdOf, payerIdOf } from '../edi/fhir/projection.js';
import { DEFAULT_DELIMITERS } from '../edi/x12/delimiters.js';
import { writeInterchange } from '../edi/x12/envelope.js';
import { SegmentWriter, TransactionBody } from '../edi/x12/writer.js';
import { IDENTIFIER } from '../population/conventions.js';
import { directoryResources, generateDirectory } from '../population/directory.js';
import { generatePatientRecord } from '../population/generate-patient.js';
import { loadSettings } from '../server/ops/settings.js';
import { populationConfigFrom } from '../server/start.js';
import { median, quantile, startChildServer, type ChildServer } from './child-server.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { requests: { type: 'string', default: '300' }, sample: { type: 'string', default: '100' }, base: { type: 'string' } } });
const sizes = positionals.length ? positionals.map(Number) : [1000, 10_000];
const REQUESTS = Number(values.requests);
const SAMPLE = Number(values.sample);
const WARM_UP = 30;

interface Probe {
  name: string;
  /** The request for the i-th sampled member. */
  make: (i: number) => { method: 'GET' | 'POST'; path: string; body?: string };
}

/** Members spread over the whole population, generated here exactly as the server generates them. */
function sampleMembers(patients: number) {
  const config = { ...populationConfigFrom(loadSettings({})), patients };
  const directory = generateDirectory(config);
  const payers = new Map(directoryResources(directory).filter((r): r is Organization => r.resourceType === 'Organization').map((o) => [o.id, o]));
  const members: Array<{ patient: Patient; code: string; inquiry?: string }> = [];
  for (let k = 0; k < SAMPLE; k++) {
    const resources: Resource[] = generatePatientRecord(config, directory, Math.floor((k * patients) / SAMPLE)).resources;
    const patient = resources[0] as Patient;
    const observation = resources.find((r) => r.resourceType === 'Observation') as { code?: { coding?: Array<{ system?: string; code?: string }> } } | undefined;
    const coding = observation?.code?.coding?.find((c) => c.system === 'http://loinc.org');
    const coverage = (resources.filter((r) => r.resourceType === 'Coverage') as Coverage[]).find((c) => coverageActiveOn(c, config.asOf));
    const payer = payers.get(coverage?.payor[0].reference?.split('/')[1]);
    const inquiry = coverage ? eligibilityInquiry(patient, coverage, payerIdOf(payer), k + 1) : undefined;
    members.push({ patient, code: coding ? `${coding.system}|${coding.code}` : 'http://loinc.org|8867-4', inquiry });
  }
  return members;
}

/** A 270 (005010X279A1) asking for health benefit plan coverage (EQ 30) of one member. */
function eligibilityInquiry(p: Patient, c: Coverage, payerId: string, n: number): string {
  const w = new SegmentWriter(DEFAULT_DELIMITERS);
  const body = new TransactionBody(w).seg('BHT').el('0022').el('13').el(`REQ${n}`).el('20260101').el('1200').end().seg('HL').el('1').at(3).el('20').el('1').end().seg('NM1').el('PR').el('2').el('PAYER').at(8).el('PI').el(payerId).end().seg('HL').el('2').el('1').el('21').el('1').end().seg('NM1').el('1P').el('2').el('BENCH CLINIC').at(8).el('XX').el('1234567893').end().seg('HL').el('3').el('2').el('22').el('0').end().seg('TRN').el('1').el(`T${n}`).el('9877281234').end().seg('NM1').el('IL').el('1').el(p.name?.[0]?.family ?? '').el(p.name?.[0]?.given?.[0] ?? '').at(8).el('MI').el(memberIdOf(p, c) ?? '').end().seg('DMG').el('D8').el((p.birthDate ?? '').replace(/-/g, '')).end().seg('EQ').el('30').end();
  const parties = { senderQualifier: 'ZZ', senderId: 'BENCH', receiverQualifier: 'ZZ', receiverId: 'CDGHEALTHPLAN', usage: 'T' as const, ackRequested: false };
  return writeInterchange(w, parties, n, new Date('2026-01-01T12:00:00Z'), [
    { functionalId: 'HS', senderCode: 'BENCH', receiverCode: 'CDGHEALTHPLAN', controlNumber: n, version: '005010X279A1', transactions: [{ code: '270', controlNumber: '0001', implementation: '005010X279A1', body }] },
  ]);
}

function probes(members: ReturnType<typeof sampleMembers>): Probe[] {
  const at = (i: number) => members[i % members.length];
  const withInquiry = members.filter((m) => m.inquiry);
  const memberId = (p: Patient) => p.identifier?.find((x) => x.system === IDENTIFIER.memberId)?.value ?? '';
  return [
    { name: 'read Patient/{id}', make: (i) => ({ method: 'GET', path: `/fhir/Patient/${at(i).patient.id}` }) },
    { name: 'Observation?patient= (compartment)', make: (i) => ({ method: 'GET', path: `/fhir/Observation?patient=${at(i).patient.id}` }) },
    { name: 'Patient?identifier=', make: (i) => ({ method: 'GET', path: `/fhir/Patient?identifier=${encodeURIComponent(`${IDENTIFIER.memberId}|${memberId(at(i).patient)}`)}` }) },
    { name: 'Patient?family=', make: (i) => ({ method: 'GET', path: `/fhir/Patient?family=${encodeURIComponent(at(i).patient.name?.[0]?.family ?? '')}` }) },
    { name: 'Patient?birthdate=', make: (i) => ({ method: 'GET', path: `/fhir/Patient?birthdate=${at(i).patient.birthDate}` }) },
    { name: 'Observation?code= (broad)', make: (i) => ({ method: 'GET', path: `/fhir/Observation?code=${encodeURIComponent(at(i).code)}` }) },
    // Every heart rate above a threshold: two conditions, the second tested on the first one's candidates.
    { name: 'Observation?code=heart-rate&value-quantity=gt (broad, page 1)', make: (i) => ({ method: 'GET', path: `/fhir/Observation?code=${encodeURIComponent('http://loinc.org|8867-4')}&value-quantity=gt${60 + (i % 40)}` }) },
    { name: '270 -> 271', make: (i) => ({ method: 'POST', path: '/edi/270', body: withInquiry[i % withInquiry.length].inquiry }) },
  ];
}

/** One request on the keep-alive agent; resolves with the milliseconds until the last byte, or throws on non-200. */
function timed(url: string, agent: Agent, r: ReturnType<Probe['make']>): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers = r.body ? { 'content-type': 'application/edi-x12' } : {};
    const req = request(`${url}${r.path}`, { method: r.method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${r.method} ${r.path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

async function measure(server: ChildServer, probe: Probe): Promise<{ first: number; p50: number; p99: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await timed(server.url, agent, probe.make(0));
    for (let i = 1; i <= WARM_UP; i++) await timed(server.url, agent, probe.make(i));
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) samples.push(await timed(server.url, agent, probe.make(WARM_UP + 1 + i)));
    samples.sort((a, b) => a - b);
    return { first, p50: median(samples), p99: quantile(samples, 0.99) };
  } finally {
    agent.destroy();
  }
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(2));

/** One checkout serving one size: ready time, resident memory, and every probe. */
async function runServer(patients: number, members: ReturnType<typeof sampleMembers>, root?: string): Promise<{ readyMs: number; rss: number; rows: string[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cdg-bench-scale-'));
  const server = await startChildServer(['--patients', String(patients), '--data-dir', dataDir], {}, root);
  try {
    const rss = await server.rssBytes();
    const rows: string[] = [];
    for (const probe of probes(members)) {
      const m = await measure(server, probe);
      rows.push(`${ms(m.first)} / ${ms(m.p50)} / ${ms(m.p99)}`);
    }
    return { readyMs: server.readyMs, rss, rows };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function runSize(patients: number): Promise<{ patients: number; readyMs: number; rss: number }> {
  const members = sampleMembers(patients);
  const base = values.base ? await runServer(patients, members, values.base) : undefined;
  const current = await runServer(patients, members);
  const runs = base ? [['base', base], ['this checkout', current]] as const : [['this checkout', current]] as const;
  for (const [name, r] of runs) console.log(`\n${patients} patients, ${name}: ready in ${(r.readyMs / 1000).toFixed(2)} s, RSS at ready ${(r.rss / 2 ** 20).toFixed(0)} MiB`);
  console.log(`| request | ${runs.map(([name]) => `${name}: first / p50 / p99 (ms)`).join(' | ')} |\n| --- |${runs.map(() => ' --- |').join('')}`);
  probes(members).forEach((probe, i) => console.log(`| ${probe.name} | ${runs.map(([, r]) => r.rows[i]).join(' | ')} |`));
  return { patients, readyMs: current.readyMs, rss: current.rss };
}

async function main(): Promise<void> {
  console.log(`bench:scale: node ${process.version}, sizes ${sizes.join(', ')}, ${REQUESTS} sequential requests per kind after ${WARM_UP} warm-up, ${SAMPLE} sampled members`);
  const results = [];
  for (const n of sizes) results.push(await runSize(n));
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1], results[i]];
    console.log(`RSS per 1,000 patients between ${a.patients} and ${b.patients}: ${(((b.rss - a.rss) / (b.patients - a.patients)) * 1000 / 2 ** 20).toFixed(0)} MiB`);
  }
}

await main();
