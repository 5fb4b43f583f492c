import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Bundle, Coverage, OperationOutcome, Organization, Patient } from 'fhir/r4';
import { payerIdOf } from '../../edi/fhir/projection.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { build270, segmentsOf } from '../edi/helpers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/ops/logger.js';
import { startServer, type RunningServer, type StartProgress } from '../../server/start.js';

const tmp = mkdtempSync(join(tmpdir(), 'cdg-regenerated-'));
const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
let running: RunningServer;
let fhir: string;

let kept: RunningServer;
/** The start-up phases each server reported, in order, once each. */
const phases: Record<string, string[]> = { regenerated: [], kept: [] };
const recordPhases = (name: string) => (e: StartProgress): void => {
  if (e.done === 0) phases[name].push(e.phase);
};

beforeAll(async () => {
  running = await startServer({ host: '127.0.0.1', port: 0, sftpEnabled: false, patients: 30, populationMode: 'regenerated', dataDir: join(tmp, 'data') }, { logger: quiet, onProgress: recordPhases('regenerated') });
  kept = await startServer({ host: '127.0.0.1', port: 0, sftpEnabled: false, patients: 30, populationMode: 'kept', dataDir: join(tmp, 'kept') }, { logger: quiet, onProgress: recordPhases('kept') });
  fhir = `${running.url}/fhir`;
}, 120_000);
afterAll(async () => {
  await running?.close();
  await kept?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const json = async <T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${fhir}/${path}`, init);
  return { status: res.status, body: (await res.json()) as T };
};

describe('POPULATION_MODE=regenerated over HTTP', () => {
  it('says at start-up that it opens the store rather than loading the patients', () => {
    expect(phases.regenerated[0]).toBe('open');
    expect(phases.kept[0]).toBe('load');
    expect(phases.regenerated).not.toContain('load');
  });

  it('reports the population indexes on /health/ready', async () => {
    const res = await fetch(`${running.url}/health/ready`);
    const body = (await res.json()) as { indexes?: Array<{ name: string; ready: boolean }> };
    expect(res.status).toBe(200);
    expect(body.indexes?.length).toBeGreaterThan(0);
  });

  it('reads, searches a compartment and $everything from regenerated records', async () => {
    const read = await json<Patient>('Patient/pt-000004');
    expect(read.status).toBe(200);
    expect(read.body.meta?.versionId).toBe('1');
    const obs = await json<Bundle>('Observation?patient=Patient/pt-000004&_count=5');
    expect(obs.status).toBe(200);
    expect(obs.body.entry?.length).toBe(5);
    expect(obs.body.link?.some((l) => l.relation === 'next')).toBe(true);
    const everything = await json<Bundle>('Patient/pt-000004/$everything?_count=1000');
    expect(everything.status).toBe(200);
    const types = new Set(everything.body.entry?.map((e) => e.resource?.resourceType));
    for (const t of ['Patient', 'Coverage', 'Encounter', 'Observation', 'Claim', 'ExplanationOfBenefit']) expect(types.has(t), t).toBe(true);
  });

  it('answers a search it would have to regenerate the population for with 422 too-costly', async () => {
    const res = await json<OperationOutcome>('Observation?subject.name=smith');
    expect(res.status).toBe(422);
    expect(res.body.issue[0].code).toBe('too-costly');
  });

  it('answers a 270 from regenerated records with the same 271 a kept population gives', async () => {
    const patient = (await json<Patient>('Patient/pt-000000')).body;
    const coverage = ((await json<Bundle>('Coverage?beneficiary=Patient/pt-000000')).body.entry ?? []).map((e) => e.resource as Coverage).find((c) => !c.period?.end);
    expect(coverage).toBeDefined();
    const payer = (await json<Organization>(`Organization/${coverage!.payor[0].reference!.split('/')[1]}`)).body;
    const memberId = patient.identifier!.find((i) => i.system === IDENTIFIER.memberId)!.value!;
    const inquiry = build270([{ payerId: payerIdOf(payer), memberId, last: patient.name![0].family!, first: patient.name![0].given![0], birthDate: patient.birthDate, trace: 'T1' }]);
    const answers = await Promise.all([running, kept].map(async (server) => {
      const res = await fetch(`${server.url}/edi/270`, { method: 'POST', headers: { 'Content-Type': 'application/edi-x12' }, body: inquiry });
      expect(res.status).toBe(200);
      return segmentsOf(await res.text()).filter((seg) => !['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA', 'BHT'].includes(seg[0]));
    }));
    expect(answers[0].some((seg) => seg[0] === 'EB' && seg[1] === '1')).toBe(true);
    expect(answers[0]).toEqual(answers[1]);
  });

  it('keeps a client write over the generated version and lists it first', async () => {
    const patient = (await json<Patient>('Patient/pt-000006')).body;
    const put = await fetch(`${fhir}/Patient/pt-000006`, { method: 'PUT', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify({ ...patient, active: false }) });
    expect(put.status).toBe(200);
    expect((await json<Patient>('Patient/pt-000006')).body.meta?.versionId).toBe('2');
    const history = await json<Bundle>('Patient/pt-000006/_history');
    expect(history.body.entry?.map((e) => e.resource?.meta?.versionId)).toEqual(['2', '1']);
    const found = await json<Bundle>('Patient?_id=pt-000006');
    expect(found.body.entry?.map((e) => (e.resource as Patient).active)).toEqual([false]);
  });
});
