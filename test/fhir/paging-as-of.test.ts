import type { Bundle, Observation } from 'fhir/r4';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../data-store/index.js';
import { DEFAULT_POPULATION_CONFIG, type PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { createApp } from '../../server/app.js';
import { backend, freshWrites } from '../data-store/backend.js';

/**
 * Issue 11, paging under writes, past 10,000 entries (where history and $everything used to page over live data):
 * a history and a patient's $everything of more than 10,000 entries, paged to the end while writes land between
 * every two pages, list exactly the entries as of the first page, each once, in the versions of then. On PostgreSQL
 * the writes come from a second server on the same database and reach the first one by its catch-up.
 */
const config: PopulationConfig = { ...DEFAULT_POPULATION_CONFIG, seed: 'paging-as-of', patients: 2, historyYears: 1 };
/**
 * Past 10,000 on the embedded store; a tenth of that on PostgreSQL, where only the way writes arrive differs (the
 * other server's, through catch-up) and the pages would cost the same again.
 */
const BULK = backend === 'postgres' ? 1_050 : 10_050;
const PAGE = BULK / 10.05 > 100 ? 1000 : 100;
let store: Store;
/** Where the writes between pages are made: this store, or (postgres) another server's on the same database. */
let writer: Store;
let app: ReturnType<typeof createApp>;
let patient: string;
let other: string;
let since: string;
let bulk: Observation[];

beforeAll(async () => {
  const { resources } = generatePopulation(config);
  const writes = await freshWrites();
  const open = () => createStore({ base: () => resources, baseLastUpdated: `${config.asOf}T00:00:00Z`, ...writes, population: { ...config } });
  store = await open();
  writer = backend === 'postgres' ? await open() : store;
  app = createApp({ store, population: { config, generationSeconds: 0 }, version: 'test', settings: { adminToken: 'x' } });
  [patient, other] = [...store.all('Patient')].map((p) => p.id!);
  since = new Date(Date.now() - 1).toISOString();
  const observation = (i: number): Observation => ({ resourceType: 'Observation', status: 'final', code: { text: `bulk ${i}` }, subject: { reference: `Patient/${patient}` } });
  const results = await store.transaction(Array.from({ length: BULK }, (_, i) => ({ method: 'POST' as const, resource: observation(i) })));
  bulk = results.map((r) => r.resource as Observation);
}, 120_000);
afterAll(async () => {
  if (writer !== store) await writer.close();
  await store?.close();
});

const link = (b: Bundle, rel: string) => b.link?.find((l) => l.relation === rel)?.url;
const local = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
/** `Type/id/versionId` of each entry: the version a page served (history: its etag; deletions have no resource). */
const versions = (b: Bundle) =>
  (b.entry ?? []).map((e) =>
    e.response ? `${new URL(e.fullUrl!).pathname.split('/fhir/')[1]}/${e.response.etag!.replace(/^W\/"(\d+)"$/, '$1')}` : `${e.resource!.resourceType}/${e.resource!.id!}/${e.resource!.meta!.versionId!}`,
  );

/** Follows next links from `first` to the end, calling `between(page)` after every page; the versions seen and the totals. */
async function pageThrough(first: string, between: (page: number) => Promise<void>): Promise<{ seen: string[]; totals: number[] }> {
  const seen: string[] = [];
  const totals: number[] = [];
  let url: string | undefined = first;
  for (let page = 0; url; page++) {
    const bundle = (await request(app).get(url).expect(200)).body as Bundle;
    seen.push(...versions(bundle));
    totals.push(bundle.total!);
    await between(page);
    url = link(bundle, 'next') && local(link(bundle, 'next')!);
    expect(page).toBeLessThan(30);
  }
  return { seen, totals };
}

const newObservation = (subject: string, text: string): Observation => ({ resourceType: 'Observation', status: 'final', code: { text }, subject: { reference: `Patient/${subject}` } });

describe(`paging through ${BULK} entries stays as of the first page`, () => {
  it(`a type history of over ${BULK} entries: writes between pages neither repeat nor skip an entry`, async () => {
    const first = `/fhir/Observation/_history?_since=${encodeURIComponent(since)}&_count=${PAGE}`;
    const expected = store.history({ resourceType: 'Observation', since }).map((e) => `${e.resourceType}/${e.id}/${e.versionId}`);
    expect(expected.length).toBeGreaterThanOrEqual(BULK);
    const { seen, totals } = await pageThrough(first, async (page) => {
      // A new newest entry, an update and a deletion of entries still to come: each shifts live offsets by one.
      const target = bulk[page * 7];
      await writer.create(newObservation(patient, `between ${page}`));
      await writer.update({ ...target, code: { text: `changed ${page}` } });
      await writer.delete('Observation', bulk[page * 7 + 1].id!);
    });
    expect(seen).toEqual(expected);
    expect(new Set(totals)).toEqual(new Set([expected.length]));
  }, 120_000);

  it(`a patient's $everything of over ${BULK} resources: created, changed, moved and deleted members are served as then`, async () => {
    const first = `/fhir/Patient/${patient}/$everything?_count=${PAGE}`;
    const changed: string[] = [];
    const moved: string[] = [];
    const deleted: string[] = [];
    const created: string[] = [];
    // The bulk members the history test above left (it deleted some, through the writer).
    await store.sync();
    const members = bulk.filter((o) => {
      try {
        return !!store.read('Observation', o.id!);
      } catch {
        return false;
      }
    });
    const { seen, totals } = await pageThrough(first, async (page) => {
      // Members near the end, still to be served: each write would shift or drop them on live data.
      const at = BULK - 1 - page * 4;
      created.push((await writer.create(newObservation(patient, `member ${page}`))).id!);
      await writer.update({ ...bulk[at], code: { text: `changed ${page}` } });
      changed.push(`Observation/${bulk[at].id!}/1`);
      await writer.update({ ...bulk[at - 1], subject: { reference: `Patient/${other}` } });
      moved.push(`Observation/${bulk[at - 1].id!}/1`);
      await writer.delete('Observation', bulk[at - 2].id!);
      deleted.push(`Observation/${bulk[at - 2].id!}/1`);
    });
    expect(seen.length).toBeGreaterThan(BULK);
    expect(new Set(totals)).toEqual(new Set([seen.length]));
    expect(new Set(seen).size).toBe(seen.length);
    const served = new Set(seen);
    // As of the first page: changed members in the version of then, moved and deleted ones still members, new ones not.
    for (const v of [...changed, ...moved, ...deleted]) expect(served.has(v), v).toBe(true);
    const ids = new Set(seen.map((v) => v.split('/').slice(0, 2).join('/')));
    for (const id of created) expect(ids.has(`Observation/${id}`), id).toBe(false);
    expect(members.filter((o) => !ids.has(`Observation/${o.id!}`))).toEqual([]);
    // The writes were made: a new $everything sees them (one new member per page, one moved away and one deleted).
    const fresh = (await request(app).get(`/fhir/Patient/${patient}/$everything?_count=1`).expect(200)).body as Bundle;
    expect(fresh.total).toBe(seen.length + created.length - moved.length - deleted.length);
  }, 180_000);

  it('a reset between pages: the next history or $everything page is 410 (what it was taken from is gone)', async () => {
    const pages = [`/fhir/Observation/_history?_count=5`, `/fhir/Patient/${patient}/$everything?_count=5`];
    const firsts = await Promise.all(pages.map(async (url) => (await request(app).get(url).expect(200)).body as Bundle));
    await writer.reset();
    for (const first of firsts) {
      const gone = await request(app).get(local(link(first, 'next')!)).expect(410);
      expect(gone.body.resourceType).toBe('OperationOutcome');
    }
  });
});
