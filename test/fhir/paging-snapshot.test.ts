import type { Bundle, Patient } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
const FHIR = 'application/fhir+json';

beforeAll(async () => {
  ({ app } = await fhirFixture(3));
});

async function createPatients(family: string, n: number, birthYear = 1980): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const body: Patient = { resourceType: 'Patient', name: [{ family }], birthDate: `${birthYear + (i % 7)}-01-0${1 + (i % 9)}` };
    ids.push((await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send(body).expect(201)).body.id as string);
  }
  return ids;
}

const link = (b: Bundle, rel: string) => b.link?.find((l) => l.relation === rel)?.url;
const ids = (b: Bundle) => (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id!);
/** The path and query of an absolute link (supertest listens on its own port per request). */
const local = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** Follows next links from page 1 while `between` writes after the first page; returns every match id seen. */
async function pageThrough(first: string, between: () => Promise<void>): Promise<{ seen: string[]; pages: Bundle[] }> {
  const pages: Bundle[] = [(await request(app).get(first).expect(200)).body as Bundle];
  await between();
  for (let next = link(pages[0], 'next'); next; next = link(pages[pages.length - 1], 'next')) {
    expect(next.startsWith('http')).toBe(true);
    pages.push((await request(app).get(local(next)).expect(200)).body as Bundle);
    expect(pages.length).toBeLessThan(50);
  }
  return { seen: pages.flatMap(ids), pages };
}

describe('paging under writes sees the result set as of the first page', () => {
  it('creates and deletes between pages neither duplicate nor skip a match', async () => {
    const original = await createPatients('Pager', 23);
    const { seen, pages } = await pageThrough('/fhir/Patient?family=Pager&_count=5&_elements=name', async () => {
      // Deleting matches already served shifts offsets back (a skip); creating new ones can't reach the snapshot.
      for (const id of original.slice(0, 3)) await request(app).delete(`/fhir/Patient/${id}`).expect(200);
      await createPatients('Pager', 4);
      await request(app).put(`/fhir/Patient/${original[20]}`).set('Content-Type', FHIR).send({ resourceType: 'Patient', id: original[20], name: [{ family: 'Moved' }] }).expect(200);
    });
    expect(pages.length).toBe(5);
    expect(seen).toHaveLength(original.length);
    expect(new Set(seen).size).toBe(original.length);
    expect([...seen].sort()).toEqual([...original].sort());
    for (const page of pages) {
      expect(page.total).toBe(23);
      const self = new URL(link(page, 'self')!);
      expect(self.searchParams.get('family')).toBe('Pager');
      expect(self.searchParams.get('_elements')).toBe('name');
    }
    // The next search sees the writes.
    const fresh = (await request(app).get('/fhir/Patient?family=Pager&_count=5').expect(200)).body as Bundle;
    expect(fresh.total).toBe(23 - 3 + 4 - 1);
  });

  it('keeps a sorted order stable too, and serves the versions as of the first page', async () => {
    const original = await createPatients('Sorted', 12, 1950);
    const { seen, pages } = await pageThrough('/fhir/Patient?family=Sorted&_sort=birthdate&_count=4', async () => {
      await request(app).put(`/fhir/Patient/${original[11]}`).set('Content-Type', FHIR).send({ resourceType: 'Patient', id: original[11], name: [{ family: 'Sorted' }], birthDate: '1900-01-01' }).expect(200);
    });
    expect([...seen].sort()).toEqual([...original].sort());
    const births = pages.flatMap((p) => (p.entry ?? []).map((e) => (e.resource as Patient).birthDate!));
    expect(births).toEqual([...births].sort());
    expect(births).not.toContain('1900-01-01');
  });

  it('answers 410 with an OperationOutcome for an unknown token or a token of another search', async () => {
    await createPatients('Token', 3);
    const first = (await request(app).get('/fhir/Patient?family=Token&_count=1').expect(200)).body as Bundle;
    const next = new URL(link(first, 'next')!);
    const token = next.searchParams.get('_snapshot');
    expect(token).toBeTruthy();
    const unknown = await request(app).get('/fhir/Patient?family=Token&_count=1&_offset=1&_snapshot=nope').expect(410);
    expect(unknown.body.resourceType).toBe('OperationOutcome');
    await request(app).get(`/fhir/Patient?family=Other&_count=1&_offset=1&_snapshot=${token}`).expect(410);
    await request(app).get(local(next.toString())).expect(200);
  });
});
