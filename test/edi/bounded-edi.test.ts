import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Coverage, Organization, Patient } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageActiveOn, memberIdOf, payerIdOf } from '../../edi/fhir/projection.js';
import { createLogger } from '../../server/ops/logger.js';
import { startServer, type RunningServer } from '../../server/start.js';
import { whileServing } from '../ops/while-serving.js';
import { build270, type Inquiry270 } from './helpers.js';

/**
 * X12 requests are answered in time linear in their size without holding the event loop for other clients (the
 * bound of the FHIR cases in test/ops/bounded-work.test.ts, 200 ms of the main thread's CPU): a multi-megabyte 837
 * posted in (parse, 999 validation, adjudication of each claim, the 277CA) held it for 1.5-3.4 s in one step, and
 * the whole population's 835 for ~0.2 s a MB.
 */
const BOUND_MS = 200;
const tmp = mkdtempSync(join(tmpdir(), 'cdg-bounded-edi-'));
const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
let running: RunningServer;

beforeAll(async () => {
  running = await startServer({ host: '127.0.0.1', port: 0, sftpEnabled: false, patients: 1200, threads: 1, dataDir: join(tmp, 'data') }, { logger: quiet });
}, 120_000);
afterAll(async () => {
  await running?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('X12 of megabytes never freezes the server', () => {
  it('a 270 batch of thousands of inquiries: every one answered in the 271, the loop held under the bound', async () => {
    const payers = new Map([...running.store.all<Organization>('Organization')].map((o) => [o.id, o]));
    const inquiries: Inquiry270[] = [];
    for (const coverage of running.store.all<Coverage>('Coverage')) {
      if (!coverageActiveOn(coverage, running.population.config.asOf)) continue;
      const patient = running.store.read<Patient>('Patient', coverage.beneficiary.reference!.split('/')[1]);
      const memberId = memberIdOf(patient, coverage);
      const name = patient.name?.[0];
      if (!memberId || !name?.family) continue;
      const payerId = payerIdOf(payers.get(coverage.payor[0].reference?.split('/')[1]));
      inquiries.push({ payerId, memberId, last: name.family, first: name.given?.[0] ?? '', birthDate: patient.birthDate, trace: `T${inquiries.length}` });
    }
    expect(inquiries.length).toBeGreaterThan(800);
    // One payer per 270 (2100A): the batch asks the most common payer about its members, three times over.
    const perPayer = new Map<string, number>();
    for (const q of inquiries) perPayer.set(q.payerId, (perPayer.get(q.payerId) ?? 0) + 1);
    const payerId = [...perPayer].sort((a, b) => b[1] - a[1])[0][0];
    const batch = inquiries.filter((q) => q.payerId === payerId);
    const asked = [...batch, ...batch, ...batch].map((q, i) => ({ ...q, trace: `T${i}` }));
    const { result, blockage, latencies } = await whileServing(running.url, async () => {
      const res = await fetch(`${running.url}/edi/270`, { method: 'POST', body: build270(asked), headers: { 'Content-Type': 'application/edi-x12' } });
      return { status: res.status, text: await res.text() };
    });
    console.log(`270 of ${asked.length} inquiries: loop held at most ${blockage.maxMs.toFixed(0)} ms (${blockage.clock}), ${latencies.length} /health answers`);
    expect(result.status).toBe(200);
    expect(result.text).toMatch(/~\s*ST\*271\*/);
    expect(result.text.match(/~\s*HL\*\d+\*\d+\*22\*/g)?.length).toBe(asked.length);
    expect(result.text.match(/~\s*EB\*1\*/g)?.length ?? 0).toBeGreaterThan(asked.length / 2);
    expect(blockage.maxMs).toBeLessThan(BOUND_MS);
  }, 120_000);


  for (const kind of ['835', '837', '834']) {
    it(`GET /edi/${kind} of the whole population: written in slices, the loop held under the bound`, async () => {
      const { result, blockage, latencies } = await whileServing(running.url, async () => {
        const res = await fetch(`${running.url}/edi/${kind}`);
        return { status: res.status, text: await res.text() };
      });
      console.log(`GET /edi/${kind}, ${(result.text.length / 1e6).toFixed(1)} MB: loop held at most ${blockage.maxMs.toFixed(0)} ms (${blockage.clock}), ${latencies.length} /health answers`);
      expect(result.status).toBe(200);
      expect(result.text.startsWith('ISA*')).toBe(true);
      expect(result.text.trimEnd().endsWith('~')).toBe(true);
      expect(result.text.match(/~\s*ST\*/g)?.length ?? 0).toBeGreaterThan(0);
      expect(blockage.maxMs).toBeLessThan(BOUND_MS);
    }, 120_000);
  }

  it('inbound 837s of thousands of claims: 999 and 277CA answered, every claim stored, the loop held under the bound', async () => {
    // One interchange per payer, as a clearinghouse sends them: the smaller payers' claims, under new patient control
    // numbers (CLM01), so that each is a new claim, adjudicated and stored. (The claims of one interchange are stored
    // in one transaction, applied in one step: ~7 us a version, the part of the work not sliced.)
    const payers = [...(await (await fetch(`${running.url}/edi/837`)).text()).split(/~\s*ST\*837\*/).slice(1)]
      .map((set) => ({ id: /~\s*NM1\*40\*2\*[^*~]*\*{5}46\*([^~]+)/.exec(set)?.[1] ?? '', claims: set.match(/~\s*CLM\*/g)?.length ?? 0 }))
      .sort((a, b) => a.claims - b.claims);
    expect(payers.length).toBeGreaterThan(2);
    const chosen = payers.slice(0, -1);
    const interchanges = await Promise.all(chosen.map(async ({ id }) => (await (await fetch(`${running.url}/edi/837?payer=${id}`)).text()).replace(/(~\s*CLM\*)([^*~]+)/g, (_m, lead: string, pcn: string) => `${lead}R${pcn.slice(-19)}`)));
    const body = interchanges.join('\n');
    const claims = body.match(/~\s*CLM\*/g)?.length ?? 0;
    expect(claims).toBeGreaterThan(2500);
    const before = running.store.counts().Claim ?? 0;
    const { result, blockage, latencies } = await whileServing(running.url, async () => {
      const res = await fetch(`${running.url}/edi/837`, { method: 'POST', body, headers: { 'Content-Type': 'application/edi-x12' } });
      return { status: res.status, text: await res.text() };
    });
    console.log(`inbound 837s of ${(body.length / 1e6).toFixed(1)} MB, ${claims} claims in ${interchanges.length} interchanges: loop held at most ${blockage.maxMs.toFixed(0)} ms (${blockage.clock}), ${latencies.length} /health answers`);
    expect(result.status).toBe(200);
    expect(result.text.match(/~\s*ST\*999\*/g)?.length).toBe(interchanges.length);
    expect(result.text.match(/~\s*ST\*277\*/g)?.length).toBe(interchanges.length);
    // Every claim was answered in a 277CA (a TRN*2 each, with the provider levels' own), and the accepted stored.
    expect(result.text.match(/~\s*TRN\*2\*/g)?.length ?? 0).toBeGreaterThanOrEqual(claims);
    const accepted = result.text.match(/~\s*STC\*A2:/g)?.length ?? 0;
    expect(accepted).toBeGreaterThan(claims / 2);
    expect((running.store.counts().Claim ?? 0) - before).toBe(accepted);
    expect(blockage.maxMs).toBeLessThan(BOUND_MS);
  }, 180_000);
});
