import type { Bundle, Patient, Resource } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture } from './fixture.js';

const FHIR = 'application/fhir+json';
type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
let resources: Resource[];
let createdId: string;
let basePatient: Patient;
let sinceBaseUpdate: string;
/** The day the base population was stamped (config.asOf), when every base version became current. */
let asOf: string;
/** The year the test's writes were made in (the wall clock's). */
let writeYear: string;

/** Writes made once for the whole file: a new patient (create, 2 updates, delete) and one update of a base patient. */
beforeAll(async () => {
  let config: { asOf: string };
  ({ app, resources, config } = await fhirFixture(40));
  asOf = config.asOf;
  const created = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send({ resourceType: 'Patient', name: [{ family: 'Hist' }] }).expect(201);
  createdId = created.body.id;
  writeYear = created.body.meta.lastUpdated.slice(0, 4);
  for (const given of ['One', 'Two']) {
    await request(app).put(`/fhir/Patient/${createdId}`).set('Content-Type', FHIR).send({ resourceType: 'Patient', id: createdId, name: [{ family: 'Hist', given: [given] }] }).expect(200);
  }
  await request(app).delete(`/fhir/Patient/${createdId}`).expect(200);
  basePatient = resources.find((r): r is Patient => r.resourceType === 'Patient')!;
  const updated = await request(app).put(`/fhir/Patient/${basePatient.id}`).set('Content-Type', FHIR).send({ ...basePatient, active: false }).expect(200);
  sinceBaseUpdate = updated.body.meta.lastUpdated;
});

const link = (b: Bundle, rel: string): string | undefined => b.link?.find((l) => l.relation === rel)?.url;
const get = async (path: string): Promise<Bundle> => (await request(app).get(path).expect(200)).body as Bundle;

/** Path and query of a link (supertest gives every request its own port). */
const relative = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** Follows `next` from the first page; returns every page. */
async function allPages(path: string): Promise<Bundle[]> {
  const pages = [await get(path)];
  for (let next = link(pages[0], 'next'); next; next = link(pages[pages.length - 1], 'next')) {
    pages.push(await get(relative(next)));
  }
  return pages;
}

describe('history Bundle.total (R4 http.html#history, bundle.html Bundle.total)', () => {
  it.each([
    { level: 'instance, with a deletion', path: () => `/fhir/Patient/${createdId}/_history`, total: () => 4 },
    { level: 'instance of a base resource', path: () => `/fhir/Patient/${basePatient.id}/_history`, total: () => 2 },
    { level: 'instance, _since the update', path: () => `/fhir/Patient/${basePatient.id}/_history?_since=${encodeURIComponent(sinceBaseUpdate)}`, total: () => 1 },
    { level: 'type: 40 base patients + 5 writes', path: () => '/fhir/Patient/_history', total: () => 45 },
    { level: 'type: _since the last write', path: () => `/fhir/Patient/_history?_since=${encodeURIComponent(sinceBaseUpdate)}`, total: () => 1 },
    { level: 'system: every base resource + 5 writes', path: () => '/fhir/_history', total: () => resources.length + 5 },
  ])('$level', async ({ path, total }) => {
    const bundle = await get(path());
    expect(bundle.type).toBe('history');
    expect(bundle.total).toBe(total());
  });

  it.each([
    { what: 'a base patient on the as-of day, before its update: version 1', path: () => `/fhir/Patient/${basePatient.id}/_history?_at=${asOf}`, versions: ['1'] },
    { what: 'a base patient at its update instant: version 2 only', path: () => `/fhir/Patient/${basePatient.id}/_history?_at=${encodeURIComponent(sinceBaseUpdate)}`, versions: ['2'] },
    { what: 'a deleted patient over the year of its writes: every version, no deletion', path: () => `/fhir/Patient/${createdId}/_history?_at=${writeYear}`, versions: ['3', '2', '1'] },
    { what: 'a deleted patient after its deletion: nothing', path: () => `/fhir/Patient/${createdId}/_history?_at=2999-01-01`, versions: [] },
  ])('_at keeps the versions current during it: $what', async ({ path, versions }) => {
    const bundle = await get(path());
    expect((bundle.entry ?? []).map((e) => e.resource!.meta!.versionId)).toEqual(versions);
    expect(bundle.total).toBe(versions.length);
  });

  it('_at at type level counts the 40 patients current on the as-of day; a bad _at is a 400', async () => {
    expect((await get(`/fhir/Patient/_history?_at=${asOf}`)).total).toBe(40);
    await request(app).get('/fhir/Patient/_history?_at=June').expect(400);
  });

  it('lists the instance versions newest first, the deletion first', async () => {
    const bundle = await get(`/fhir/Patient/${createdId}/_history`);
    expect(bundle.entry!.map((e) => e.request!.method)).toEqual(['DELETE', 'PUT', 'PUT', 'POST']);
  });

  it('_count=0 gives the total and no entries', async () => {
    const bundle = await get('/fhir/Patient/_history?_count=0');
    expect(bundle.total).toBe(45);
    expect(bundle.entry).toBeUndefined();
  });

  it('answers an unknown instance 404 and a known one with nothing since _since with an empty page', async () => {
    await request(app).get('/fhir/Patient/no-such-patient/_history').expect(404);
    const empty = await get(`/fhir/Patient/${basePatient.id}/_history?_since=2999-01-01T00:00:00Z`);
    expect(empty.total).toBe(0);
    expect(empty.entry).toBeUndefined();
    expect(link(empty, 'next')).toBeUndefined();
  });

  it.each([
    { count: 7, pages: 7, lastOffset: 42 },
    { count: 9, pages: 5, lastOffset: 36 },
    { count: 45, pages: 1, lastOffset: 0 },
    { count: 100, pages: 1, lastOffset: 0 },
  ])('pages 45 type-history entries by $count: $pages pages, no empty trailing page, absolute links keeping _since', async ({ count, pages, lastOffset }) => {
    const since = '2000-01-01T00:00:00Z';
    const all = await allPages(`/fhir/Patient/_history?_since=${since}&_count=${count}`);
    expect(all).toHaveLength(pages);
    expect(all.map((p) => p.entry?.length ?? 0).reduce((a, b) => a + b)).toBe(45);
    expect(all.every((p) => p.total === 45 && (p.entry?.length ?? 0) > 0)).toBe(true);
    const keys = all.flatMap((p) => p.entry!.map((e) => `${e.fullUrl}|${e.response!.etag}`));
    expect(new Set(keys).size).toBe(45);
    const last = all[all.length - 1];
    expect(relative(link(last, 'self')!)).toBe(relative(link(all[0], 'last')!));
    for (const page of all) {
      for (const l of page.link!) {
        const u = new URL(l.url);
        expect(u.protocol).toBe('http:');
        expect(u.pathname).toBe('/fhir/Patient/_history');
        expect(u.searchParams.get('_since')).toBe(since);
        expect(u.searchParams.get('_count')).toBe(String(count));
      }
    }
    expect(new URL(link(last, 'self')!).searchParams.get('_offset')).toBe(String(lastOffset));
  });
});
