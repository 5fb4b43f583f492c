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

/** Follows next links from page 1 while `between` writes after the first page; returns what `seenOf` sees on each page. */
async function pageThrough(first: string, between: () => Promise<void>, seenOf: (b: Bundle) => string[] = ids): Promise<{ seen: string[]; pages: Bundle[] }> {
  const pages: Bundle[] = [(await request(app).get(first).expect(200)).body as Bundle];
  await between();
  for (let next = link(pages[0], 'next'); next; next = link(pages[pages.length - 1], 'next')) {
    expect(next.startsWith('http')).toBe(true);
    pages.push((await request(app).get(local(next)).expect(200)).body as Bundle);
    expect(pages.length).toBeLessThan(50);
  }
  return { seen: pages.flatMap(seenOf), pages };
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

/** `Type/id/version` of every entry of a history page. */
const versions = (b: Bundle) => (b.entry ?? []).map((e) => `${new URL(e.fullUrl!).pathname.split('/fhir/')[1]}/${e.response!.etag!}`);
const update = (p: Patient) => request(app).put(`/fhir/Patient/${p.id!}`).set('Content-Type', FHIR).send(p).expect(200);

describe('history paging under writes sees the history as of the first page', () => {
  it('type and system history: writes between pages (new newest entries) neither repeat nor skip an entry', async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const made = await createPatients('Historic', 11);
    for (const [k, level] of ['/fhir/Patient/_history', '/fhir/_history'].entries()) {
      const all = (await request(app).get(`${level}?_since=${since}&_count=1000`).expect(200)).body as Bundle;
      const expected = versions(all);
      expect(expected.length).toBeGreaterThanOrEqual(11);
      const { seen, pages } = await pageThrough(
        `${level}?_since=${since}&_count=4`,
        async () => {
          await createPatients('Historic', 2);
          await update({ resourceType: 'Patient', id: made[2 * k], name: [{ family: 'Rewritten' }] });
          await request(app).delete(`/fhir/Patient/${made[2 * k + 1]}`).expect(200);
        },
        versions,
      );
      expect(pages.length).toBe(Math.ceil(expected.length / 4));
      for (const page of pages) expect(page.total).toBe(expected.length);
      expect(seen).toEqual(expected);
      expect(new URL(link(pages[0], 'next')!).searchParams.get('_since')).toBe(since);
      // The next history sees the writes (two creates, an update, a delete: 4 more entries).
      const fresh = (await request(app).get(`${level}?_since=${since}&_count=1`).expect(200)).body as Bundle;
      expect(fresh.total).toBe(expected.length + 4);
    }
  });

  it('instance history: updates between pages are not seen, and every version is listed once, newest first', async () => {
    const [id] = await createPatients('Versions', 1);
    for (let i = 0; i < 6; i++) await update({ resourceType: 'Patient', id, name: [{ family: `V${i}` }] });
    const { seen, pages } = await pageThrough(`/fhir/Patient/${id}/_history?_count=3`, async () => {
      for (let i = 0; i < 4; i++) await update({ resourceType: 'Patient', id, name: [{ family: `Later${i}` }] });
    }, versions);
    expect(pages.length).toBe(3);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((v) => `Patient/${id}/W/"${v}"`));
  });

  it('answers 410 with an OperationOutcome for an unknown token or the token of another request', async () => {
    await createPatients('Gone', 3);
    const first = (await request(app).get('/fhir/Patient/_history?_count=1').expect(200)).body as Bundle;
    const token = new URL(link(first, 'next')!).searchParams.get('_snapshot');
    expect(token).toBeTruthy();
    const unknown = await request(app).get('/fhir/Patient/_history?_count=1&_offset=1&_snapshot=nope').expect(410);
    expect(unknown.body.resourceType).toBe('OperationOutcome');
    await request(app).get(`/fhir/_history?_count=1&_offset=1&_snapshot=${token}`).expect(410);
    await request(app).get(`/fhir/Patient?_count=1&_offset=1&_snapshot=${token}`).expect(410);
  });
});

describe('$everything paging under writes sees the record as of the first page', () => {
  it('new and deleted compartment members between pages neither repeat nor skip a resource', async () => {
    const patient = ((await request(app).get('/fhir/Patient?_count=1&family:missing=false').expect(200)).body as Bundle).entry![0].resource!.id!;
    const everything = `/fhir/Patient/${patient}/$everything`;
    const whole = (await request(app).get(`${everything}?_count=1000`).expect(200)).body as Bundle;
    expect(link(whole, 'next')).toBeUndefined();
    const expected = ids(whole);
    expect(expected.length).toBeGreaterThan(20);
    const { seen, pages } = await pageThrough(`${everything}?_count=10`, async () => {
      for (let i = 0; i < 3; i++) {
        const observation = { resourceType: 'Observation', status: 'final', code: { text: `new ${i}` }, subject: { reference: `Patient/${patient}` } };
        await request(app).post('/fhir/Observation').set('Content-Type', FHIR).send(observation).expect(201);
      }
      const member = (whole.entry ?? []).map((e) => e.resource!).find((r) => r.resourceType === 'Observation')!;
      await request(app).delete(`/fhir/Observation/${member.id!}`).expect(200);
    });
    expect(pages.length).toBe(Math.ceil(expected.length / 10));
    for (const page of pages) expect(page.total).toBe(expected.length);
    expect(seen).toEqual(expected);
    const fresh = (await request(app).get(`${everything}?_count=1`).expect(200)).body as Bundle;
    expect(fresh.total).toBe(expected.length + 3 - 1);
    await request(app).get(`${everything}?_count=10&_offset=10&_snapshot=nope`).expect(410);
  });
});
