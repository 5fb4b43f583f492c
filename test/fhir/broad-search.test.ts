import type { Bundle, Observation, Patient, Resource } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../data-store/index.js';
import type { Store } from '../../data-store/store.js';
import { COUNT_BUDGET } from '../../data-store/search/search-engine.js';
import { createApp } from '../../server/app.js';
import { ADMIN_AUTH, ADMIN_TOKEN } from './fixture.js';

const N = 3 * COUNT_BUDGET;
const LOINC = 'http://loinc.org';

/** Observation i: code A (even i) or B (odd), value i mod 200; so `code=A&value-quantity=gt100` is about a quarter. */
function observation(i: number): Observation {
  return {
    resourceType: 'Observation', id: `o${i}`, status: 'final', subject: { reference: 'Patient/p1' },
    code: { coding: [{ system: LOINC, code: i % 2 === 0 ? 'A' : 'B' }] },
    valueQuantity: { value: i % 200, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
  };
}

const broadIds = Array.from({ length: N }, (_, i) => i).filter((i) => i % 2 === 0 && i % 200 > 100).map((i) => `o${i}`);
const BROAD = `/fhir/Observation?code=${encodeURIComponent(`${LOINC}|A`)}&value-quantity=gt100`;

type App = ReturnType<typeof createApp>;
let app: App;
let store: Store;

beforeAll(async () => {
  const patient: Patient = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Broad' }] };
  const base: Resource[] = [patient, ...Array.from({ length: N }, (_, i) => observation(i))];
  store = await createStore({ base: () => base, baseLastUpdated: '2026-01-01T00:00:00Z' });
  app = createApp({ store, population: { config: { patients: 1 } as never, generationSeconds: 0 }, version: 'test', settings: { adminToken: ADMIN_TOKEN } });
});

const link = (b: Bundle, rel: string) => b.link?.find((l) => l.relation === rel)?.url;
const ids = (b: Bundle) => (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id!);
const local = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const get = async (path: string) => (await request(app).get(path).expect(200)).body as Bundle;

describe('broad searches: page 1 without testing every candidate, _total as asked', () => {
  expect(broadIds.length).toBeGreaterThan(COUNT_BUDGET / 2);

  it('answers the first page from the first candidates, in slot order, with an estimated total in the store', () => {
    const page = store.search({ resourceType: 'Observation', params: [['code', `${LOINC}|A`], ['value-quantity', 'gt100'], ['_count', '10']] });
    expect(page.matches.map((r) => r.id)).toEqual(broadIds.slice(0, 10));
    expect(page.more).toBe(true);
    expect(page.estimated).toBe(true);
    // Estimated from the share of tested candidates that matched: the right order of magnitude, not the count.
    expect(page.total).toBeGreaterThan(10);
    expect(page.total).toBeLessThanOrEqual(N / 2);
  });

  it('leaves Bundle.total out by default, pages by next (no last), and counts exactly with _total=accurate', async () => {
    const plain = await get(`${BROAD}&_count=10`);
    expect(plain.total).toBeUndefined();
    expect(ids(plain)).toEqual(broadIds.slice(0, 10));
    expect(link(plain, 'next')).toContain('_snapshot=');
    expect(link(plain, 'last')).toBeUndefined();
    const accurate = await get(`${BROAD}&_count=10&_total=accurate`);
    expect(accurate.total).toBe(broadIds.length);
    expect(link(accurate, 'last')).toBeDefined();
    const estimate = await get(`${BROAD}&_count=10&_total=estimate`);
    expect(estimate.total).toBeGreaterThan(10);
    expect(link(estimate, 'last')).toBeUndefined();
    expect((await get(`${BROAD}&_count=10&_total=none`)).total).toBeUndefined();
    expect((await get(`${BROAD}&_summary=count`)).total).toBe(broadIds.length);
  });

  it('keeps exact totals when they are cheap: one index lookup, or few candidates', async () => {
    expect((await get(`/fhir/Observation?code=${encodeURIComponent(`${LOINC}|A`)}&_count=1`)).total).toBe(N / 2);
    expect((await get('/fhir/Observation?_count=1')).total).toBe(N);
    expect((await get(`${BROAD}&_id=o102,o104,o105&_count=1`)).total).toBe(2);
  });

  it('pages a broad result set to the end as of page 1 while resources not yet read are written', async () => {
    const first = await get(`${BROAD}&_count=500`);
    const unread = broadIds.slice(600, 603);
    // An unread match deleted, one changed so that it no longer matches, one read match changed, a new match made
    // (through the store: the HTTP write path is tested elsewhere, and its validation workers are slow to start).
    await store.delete('Observation', unread[0]);
    await store.update({ ...observation(Number(unread[1].slice(1))), code: { coding: [{ system: LOINC, code: 'B' }] } });
    await store.update({ ...observation(Number(broadIds[0].slice(1))), status: 'amended' });
    await store.create({ ...observation(150), id: undefined });
    const pages = [first];
    for (let next = link(first, 'next'); next; next = link(pages[pages.length - 1], 'next')) {
      pages.push(await get(local(next)));
      expect(pages.length).toBeLessThan(20);
    }
    const seen = pages.flatMap(ids);
    expect(seen).toEqual(broadIds);
    const served = new Map(pages.flatMap((p) => p.entry ?? []).map((e) => [e.resource!.id!, e.resource as Observation]));
    expect(served.get(unread[1])!.code.coding![0].code).toBe('A');
    expect(served.get(unread[1])!.meta?.versionId).toBe('1');
    // The next search sees the writes: two matches fewer, one more.
    expect((await get(`${BROAD}&_count=1&_total=accurate`)).total).toBe(broadIds.length - 1);
  });

  it('answers 410 for the next page of a search whose data was reset since', async () => {
    const first = await get(`${BROAD}&_count=5`);
    await request(app).post('/admin/reset').set('Authorization', ADMIN_AUTH).expect(200);
    const gone = await request(app).get(local(link(first, 'next')!)).expect(410);
    expect(gone.body.resourceType).toBe('OperationOutcome');
  });
});
