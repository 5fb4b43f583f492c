import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Patient, Resource } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../data-store/index.js';
import { generatePopulation } from '../../population/generate.js';
import { createLogger } from '../../server/ops/logger.js';
import { loadSettings, type Settings } from '../../server/ops/settings.js';
import { populationConfigFrom, startServer, type RunningServer } from '../../server/start.js';
import { backend, createDatabase, dropDatabase } from '../data-store/backend.js';
import { watchLoop } from './loop-blockage.js';

// Issue 13: the server serves reads of the population's ids while the population loads (the load is held here
// through onReady, which it waits for), every other request waits for the load, and a write of a previous run wins.
const tmp = mkdtempSync(join(tmpdir(), 'cdg-start-loading-'));
const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const FHIR = { 'Content-Type': 'application/fhir+json' };

interface Answer {
  status: number;
  etag: string | null;
  lastModified: string | null;
  body: string;
}

async function get(url: string): Promise<Answer> {
  const r = await fetch(url);
  return { status: r.status, etag: r.headers.get('etag'), lastModified: r.headers.get('last-modified'), body: await r.text() };
}

describe('start-up serves reads while the population loads', () => {
  const settings: Partial<Settings> = { host: '127.0.0.1', port: 0, sftpEnabled: false, patients: 6, seed: 'load-13', historyYears: 1, loadWaitSeconds: 120, dataDir: join(tmp, 'a') };
  let databaseUrl: string | undefined;
  let paths: string[] = [];
  /** The population as generated (and stamped as version 1 by the previous run's store). */
  let generated: Resource[] = [];
  let running: RunningServer;
  let loadedStatus = 0;
  /** STORE=postgres: another server on the same database, and what this one read of its write while loading. */
  let other: Store | undefined;
  let elsewhere: Answer | undefined;
  let during: { ready: unknown; reads: Answer[]; search: Promise<Answer>; write: Promise<Answer> } | undefined;

  beforeAll(async () => {
    if (backend === 'postgres') {
      databaseUrl = await createDatabase();
      Object.assign(settings, { store: 'postgres', databaseUrl });
    }
    // A previous run's client writes: Patient 1 updated (version 2), a Coverage of patient 2 deleted.
    const config = populationConfigFrom({ ...loadSettings({}), ...settings });
    const { resources } = generatePopulation(config);
    generated = resources;
    const first = (type: string, prefix: string): Resource => resources.find((r) => r.resourceType === type && r.id!.startsWith(prefix))!;
    const previous = await createStore({ base: () => resources, dataDir: settings.dataDir, databaseUrl, population: { ...config }, baseLastUpdated: `${config.asOf}T00:00:00Z` });
    await previous.update({ ...(first('Patient', 'pt-000001') as Patient), name: [{ family: 'Written' }] });
    await previous.delete('Coverage', first('Coverage', 'cov-000002-').id!);
    await previous.close();
    if (databaseUrl) other = await createStore({ base: () => resources, databaseUrl, population: { ...config }, baseLastUpdated: `${config.asOf}T00:00:00Z` });
    paths = [
      'Patient/pt-000001', 'Patient/pt-000001/_history/1', 'Patient/pt-000001/_history/2', `Coverage/${first('Coverage', 'cov-000002-').id!}`,
      'Patient/pt-000003', ...[['Coverage', 'cov-000003-'], ['Encounter', 'enc-3-'], ['Observation', 'obs-3-'], ['Claim', 'clm-3-'], ['ExplanationOfBenefit', 'eob-3-']].map(([t, prefix]) => `${t}/${first(t, prefix).id!}`),
      `Practitioner/${first('Practitioner', '').id!}`, 'Observation/obs-3-99999',
    ];
    running = await startServer(settings, {
      logger: quiet,
      onReady: async (url) => {
        const fhir = `${url}/fhir`;
        const ready = await (await fetch(`${url}/health/ready`)).json();
        loadedStatus = (await fetch(`${url}/health/loaded`)).status;
        if (other) {
          await other.update({ ...other.read<Patient>('Patient', 'pt-000004'), name: [{ family: 'Elsewhere' }] });
          elsewhere = await get(`${fhir}/Patient/pt-000004`);
        }
        const reads = await Promise.all(paths.map((p) => get(`${fhir}/${p}`)));
        const search = get(`${fhir}/Patient?_count=50`);
        const write = fetch(`${fhir}/Patient/pt-000001`, { method: 'PUT', headers: { ...FHIR, 'If-Match': 'W/"2"' }, body: JSON.stringify({ resourceType: 'Patient', id: 'pt-000001', name: [{ family: 'Again' }] }) }).then(
          async (r) => ({ status: r.status, etag: r.headers.get('etag'), lastModified: null, body: await r.text() }),
        );
        // Answered while those two wait for the load, which starts once this returns.
        await get(`${fhir}/${paths[0]}`);
        during = { ready, reads, search, write };
      },
    });
  });

  afterAll(async () => {
    await running?.close();
    await other?.close();
    if (databaseUrl) await dropDatabase(databaseUrl);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('says loading (serving reads) on /health/ready, then ready once loaded; /health/loaded 503 then 200', async () => {
    expect(during?.ready).toMatchObject({ status: 'loading', ready: true, loaded: false, serving: 'reads', progress: { patients: 0, total: 6 } });
    const after = await (await fetch(`${running.url}/health/ready`)).json();
    expect(after).toMatchObject({ status: 'ready', ready: true, loaded: true, serving: 'all', progress: { patients: 6, total: 6 } });
    expect([loadedStatus, (await fetch(`${running.url}/health/loaded`)).status]).toEqual([503, 200]);
  });

  it('answers reads and vreads while loading byte for byte as once loaded, the previous run\'s writes winning', async () => {
    const reads = during!.reads;
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 410, 200, 200, 200, 200, 200, 200, 200, 404]);
    expect(JSON.parse(reads[0].body)).toMatchObject({ meta: { versionId: '2' }, name: [{ family: 'Written' }] });
    expect(JSON.parse(reads[1].body).meta.versionId).toBe('1');
    // What the loaded store answers, before the queued write lands (its own version is 3, not 2).
    const after = await Promise.all(paths.map((p) => get(`${running.url}/fhir/${p}`)));
    expect(after.slice(1)).toEqual(reads.slice(1));
  });

  it('loads the same store as generating it all first: every resource in its slot, byte for byte, but the client-written', () => {
    const written = new Set(['Patient/pt-000001', 'Patient/pt-000004', paths[3]]);
    const expected = new Map<string, string[]>();
    for (const r of generated) if (!written.has(`${r.resourceType}/${r.id!}`)) expected.set(r.resourceType, [...(expected.get(r.resourceType) ?? []), JSON.stringify(r)]);
    const actual = new Map([...expected.keys()].map((type) => [type, [...running.store.all(type)].filter((r) => !written.has(`${type}/${r.id!}`)).map((r) => JSON.stringify(r))]));
    expect(actual).toEqual(expected);
    expect([...running.store.all('Patient')].map((r) => r.id)).toEqual(generated.filter((r) => r.resourceType === 'Patient').map((r) => r.id));
  });

  it.runIf(backend === 'postgres')('answers another server\'s write committed while this one loads', async () => {
    expect(elsewhere?.status).toBe(200);
    expect(JSON.parse(elsewhere!.body)).toMatchObject({ meta: { versionId: '2' }, name: [{ family: 'Elsewhere' }] });
    expect(await get(`${running.url}/fhir/Patient/pt-000004`)).toEqual(elsewhere);
  });

  it('holds searches and writes until the population is loaded: the search sees all of it, the write goes on top of the log', async () => {
    const search = await during!.search;
    expect(search.status).toBe(200);
    expect(JSON.parse(search.body)).toMatchObject({ total: 6 });
    const write = await during!.write;
    expect(write.status).toBe(200);
    expect(write.etag).toBe('W/"3"');
  });
});

describe('a request that waits past LOAD_WAIT_SECONDS', () => {
  it('gets 503 transient with Retry-After and changes nothing; the CapabilityStatement needs no population; the load holds the loop briefly', async () => {
    let answers: Array<{ status: number; retryAfter: string | null; code: unknown }> = [];
    let metadata = 0;
    let watch: ReturnType<typeof watchLoop> | undefined;
    const answer = async (r: Response) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), code: ((await r.json()) as { issue?: Array<{ code: string }> }).issue?.[0]?.code });
    const running = await startServer(
      { host: '127.0.0.1', port: 0, sftpEnabled: false, patients: 80, historyYears: 1, loadWaitSeconds: 0, dataDir: join(tmp, 'b') },
      {
        logger: quiet,
        onReady: async (url) => {
          answers = await Promise.all([
            fetch(`${url}/fhir/Patient`).then(answer),
            fetch(`${url}/fhir/Patient`, { method: 'POST', headers: FHIR, body: JSON.stringify({ resourceType: 'Patient' }) }).then(answer),
            fetch(`${url}/edi/834`).then(answer),
          ]);
          metadata = (await fetch(`${url}/fhir/metadata`)).status;
          watch = watchLoop();
        },
      },
    );
    // The load is sliced: the loop turns during it, and no step holds other requests for long (main-thread CPU time,
    // loop-blockage.ts). In one step these 80 patients took ~90 ms here, with no tick; sliced, the longest step ~15 ms.
    const blockage = watch!.stop();
    try {
      expect(blockage.ticks).toBeGreaterThan(0);
      expect(blockage.maxMs).toBeLessThan(100);
      expect(answers).toEqual(Array(3).fill({ status: 503, retryAfter: '2', code: 'transient' }));
      expect(metadata).toBe(200);
      const all = (await (await fetch(`${running.url}/fhir/Patient`)).json()) as { total: number };
      expect(all.total).toBe(80);
    } finally {
      await running.close();
    }
  });
});
