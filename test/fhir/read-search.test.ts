import type { Bundle, OperationOutcome, Patient, Resource } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
let resources: Resource[];
let patients: Patient[];

beforeAll(async () => {
  ({ app, resources } = await fhirFixture(40));
  patients = resources.filter((r): r is Patient => r.resourceType === 'Patient');
});

const link = (b: Bundle, rel: string): string | undefined => b.link?.find((l) => l.relation === rel)?.url;
/** A patient that some Coverage names as beneficiary (the generator gives every member one). */
const coveredPatientId = (): string => {
  const coverage = resources.find((r) => r.resourceType === 'Coverage') as { beneficiary: { reference: string } } | undefined;
  expect(coverage).toBeDefined();
  return coverage!.beneficiary.reference.split('/')[1];
};
const pathOf = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

describe('read', () => {
  it('returns the resource with FHIR JSON content type, weak ETag and Last-Modified', async () => {
    const p = patients[0];
    const res = await request(app).get(`/fhir/Patient/${p.id}`).expect(200);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(res.headers.etag).toMatch(/^W\/"\d+"$/);
    expect(res.headers['last-modified']).toBeTruthy();
    expect(res.body).toMatchObject({ resourceType: 'Patient', id: p.id });
  });

  it('answers unknown ids 404, bad ids 400 and unknown types 404, always as OperationOutcome', async () => {
    for (const [path, status] of [
      ['/fhir/Patient/does-not-exist', 404],
      [`/fhir/Patient/${'x'.repeat(65)}`, 400],
      ['/fhir/Patient/bad_id!', 400],
      ['/fhir/NotAType/1', 404],
      ['/fhir/Patient/1/_history/2/x', 404],
    ] as const) {
      const res = await request(app).get(path).expect(status);
      expect((res.body as OperationOutcome).resourceType).toBe('OperationOutcome');
      expect(res.headers['content-type']).toContain('application/fhir+json');
    }
  });

  it('vreads version 1', async () => {
    const res = await request(app).get(`/fhir/Patient/${patients[1].id}/_history/1`).expect(200);
    expect(res.body.meta.versionId).toBe('1');
  });

  it('serves the CapabilityStatement and refuses XML with 406', async () => {
    const cs = await request(app).get('/fhir/metadata').expect(200);
    expect(cs.body.resourceType).toBe('CapabilityStatement');
    expect(cs.body.implementation.url).toMatch(/^http:\/\/.+\/fhir$/);
    const xml = await request(app).get('/fhir/metadata').set('Accept', 'application/fhir+xml').expect(406);
    expect(xml.body.resourceType).toBe('OperationOutcome');
    await request(app).get(`/fhir/Patient/${patients[0].id}?_format=xml`).expect(406);
    await request(app).get(`/fhir/Patient/${patients[0].id}?_format=json`).expect(200);
    await request(app).get(`/fhir/Patient/${patients[0].id}?_format=application/fhir+json`).expect(200);
    await request(app).get(`/fhir/Patient/${patients[0].id}`).set('Accept', 'application/json').expect(200);
  });

  it('pretty-prints with _pretty=true', async () => {
    const res = await request(app).get(`/fhir/Patient/${patients[0].id}?_pretty=true`).expect(200);
    expect(res.text).toContain('\n  "resourceType"');
  });

  it('applies _summary and _elements on read with the SUBSETTED tag', async () => {
    const res = await request(app).get(`/fhir/Patient/${patients[0].id}?_elements=gender`).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['gender', 'id', 'meta', 'resourceType']);
    expect(res.body.meta.tag).toContainEqual(expect.objectContaining({ code: 'SUBSETTED' }));
  });
});

describe('search', () => {
  it('gives searchset and history Bundles their own id and an assembly instant', async () => {
    for (const path of ['/fhir/Patient?_count=2', `/fhir/Patient/${patients[0].id}/_history`]) {
      const a = (await request(app).get(path).expect(200)).body as Bundle;
      const b = (await request(app).get(path).expect(200)).body as Bundle;
      expect(a.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
      expect(a.id).not.toBe(b.id);
      expect(Number.isNaN(Date.parse(a.meta?.lastUpdated ?? ''))).toBe(false);
    }
  });

  it('pages to the last page through absolute links, stable and without an empty trailing page', async () => {
    const first = await request(app).get('/fhir/Patient?_count=10').expect(200);
    const bundle = first.body as Bundle;
    expect(bundle.type).toBe('searchset');
    expect(bundle.total).toBe(patients.length);
    expect(link(bundle, 'self')).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?\/fhir\/Patient\?/);
    const seen: string[] = [];
    let page: Bundle | undefined = bundle;
    let pages = 0;
    while (page) {
      pages++;
      expect(page.entry?.length ?? 0).toBeGreaterThan(0);
      for (const e of page.entry ?? []) {
        expect(e.fullUrl).toMatch(/^http:\/\/.+\/fhir\/Patient\/.+$/);
        expect(e.search?.mode).toBe('match');
        seen.push(e.resource!.id!);
      }
      const next = link(page, 'next');
      page = next ? ((await request(app).get(pathOf(next)).expect(200)).body as Bundle) : undefined;
    }
    expect(pages).toBe(Math.ceil(patients.length / 10));
    expect(new Set(seen).size).toBe(patients.length);
    const last = link(bundle, 'last')!;
    const lastPage = (await request(app).get(pathOf(last)).expect(200)).body as Bundle;
    expect(lastPage.entry!.length).toBe(patients.length % 10 || 10);
    expect(link(lastPage, 'next')).toBeUndefined();
  });

  it('keeps every parameter (including _summary and _include) in every link', async () => {
    const res = await request(app).get('/fhir/Patient?_summary=true&_include=Patient:organization&_count=5&_offset=5').expect(200);
    for (const l of (res.body as Bundle).link ?? []) {
      const u = new URL(l.url);
      expect(u.searchParams.get('_summary')).toBe('true');
      expect(u.searchParams.get('_include')).toBe('Patient:organization');
      expect(u.searchParams.get('_count')).toBe('5');
    }
    expect(new URL(link(res.body, 'previous')!).searchParams.get('_offset')).toBe('0');
    const match = (res.body as Bundle).entry!.find((e) => e.search?.mode === 'match')!;
    expect(match.resource!.meta!.tag).toContainEqual(expect.objectContaining({ code: 'SUBSETTED' }));
  });

  it('honours X-Forwarded-Proto and X-Forwarded-Host in links and fullUrls', async () => {
    const res = await request(app).get('/fhir/Patient?_count=2').set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', 'fhir.example.org').expect(200);
    expect(link(res.body, 'next')).toMatch(/^https:\/\/fhir\.example\.org\/fhir\/Patient\?/);
    expect(res.body.entry[0].fullUrl).toMatch(/^https:\/\/fhir\.example\.org\/fhir\/Patient\//);
  });

  it('_summary=count returns only the total; _total=none omits it', async () => {
    const count = await request(app).get('/fhir/Patient?_summary=count').expect(200);
    expect(count.body.total).toBe(patients.length);
    expect(count.body.entry).toBeUndefined();
    const none = await request(app).get('/fhir/Patient?_total=none&_count=1').expect(200);
    expect(none.body.total).toBeUndefined();
  });

  it('_elements keeps only the asked elements plus mandatory ones', async () => {
    const res = await request(app).get('/fhir/Patient?_elements=name&_count=3').expect(200);
    for (const e of res.body.entry) expect(Object.keys(e.resource).sort()).toEqual(['id', 'meta', 'name', 'resourceType']);
  });

  it('_summary=text keeps text and mandatory elements, _summary=data drops text; both tag SUBSETTED', async () => {
    const id = patients[0].id!;
    const text = (await request(app).get(`/fhir/Patient?_id=${id}&_summary=text`).expect(200)).body as Bundle;
    const t = text.entry![0].resource as unknown as Record<string, unknown>;
    expect(Object.keys(t).every((k) => ['resourceType', 'id', 'meta', 'text'].includes(k))).toBe(true);
    const data = (await request(app).get(`/fhir/Patient?_id=${id}&_summary=data`).expect(200)).body as Bundle;
    const d = data.entry![0].resource as Patient;
    expect(d.text).toBeUndefined();
    expect(d.name).toEqual(patients[0].name);
    for (const r of [t, d] as Array<{ meta?: { tag?: Array<{ code?: string }> } }>) expect(r.meta!.tag!.some((x) => x.code === 'SUBSETTED')).toBe(true);
    const obs = (await request(app).get('/fhir/Observation?_summary=text&_count=1').expect(200)).body as Bundle;
    if (obs.entry?.length) expect(Object.keys(obs.entry[0].resource!)).toEqual(expect.arrayContaining(['status', 'code']));
  });

  it('rejects unknown parameters with 400 unless Prefer: handling=lenient', async () => {
    const strict = await request(app).get('/fhir/Patient?nonsense=1').expect(400);
    expect(strict.body.resourceType).toBe('OperationOutcome');
    const lenient = await request(app).get('/fhir/Patient?nonsense=1&_count=1').set('Prefer', 'handling=lenient').expect(200);
    expect(lenient.body.total).toBe(patients.length);
    const outcome = (lenient.body as Bundle).entry!.find((e) => e.search?.mode === 'outcome');
    expect(JSON.stringify(outcome?.resource)).toContain('nonsense');
  });

  it('rejects malformed _count and caps it at 1000', async () => {
    await request(app).get('/fhir/Patient?_count=abc').expect(400);
    await request(app).get('/fhir/Patient?_summary=bogus').expect(400);
    const big = await request(app).get('/fhir/Patient?_count=5000').expect(200);
    expect(new URL(link(big.body, 'self')!).searchParams.get('_count')).toBe('1000');
  });

  it('POST _search with a form body equals GET', async () => {
    const family = patients[0].name![0].family!;
    const get = await request(app).get(`/fhir/Patient?family=${encodeURIComponent(family)}`).expect(200);
    const post = await request(app).post('/fhir/Patient/_search').type('form').send({ family }).expect(200);
    expect(post.body.total).toBe(get.body.total);
    expect(post.body.total).toBeGreaterThan(0);
    expect(new URL(link(post.body, 'self')!).searchParams.get('family')).toBe(family);
    await request(app).post('/fhir/Patient/_search').set('Content-Type', 'text/plain').send('family=x').expect(415);
  });

  it('_include and _revinclude mark included resources search.mode=include', async () => {
    const patientId = coveredPatientId();
    const rev = await request(app).get(`/fhir/Patient?_id=${patientId}&_revinclude=Coverage:beneficiary`).expect(200);
    expect(rev.body.total).toBe(1);
    const modes = (rev.body as Bundle).entry!.map((e) => `${e.search!.mode}:${e.resource!.resourceType}`);
    expect(modes).toContain('match:Patient');
    expect(modes).toContain('include:Coverage');
    const inc = await request(app).get(`/fhir/Coverage?beneficiary=Patient/${patientId}&_include=Coverage:beneficiary&_count=1`).expect(200);
    expect((inc.body as Bundle).entry!.some((e) => e.search!.mode === 'include' && e.resource!.id === patientId)).toBe(true);
  });

  it('searches at system level with _type', async () => {
    const res = await request(app).get('/fhir?_type=Patient,Organization&_count=1').expect(200);
    expect(res.body.total).toBeGreaterThan(patients.length);
    expect(link(res.body, 'next')).toMatch(/\/fhir\?/);
  });

  it('Patient/{id}/$everything returns the compartment as a paged searchset', async () => {
    const patientId = coveredPatientId();
    const res = await request(app).get(`/fhir/Patient/${patientId}/$everything?_count=1`).expect(200);
    const bundle = res.body as Bundle;
    expect(bundle.type).toBe('searchset');
    expect(bundle.entry![0].resource!.resourceType).toBe('Patient');
    expect(bundle.total).toBeGreaterThan(1);
    expect(link(bundle, 'next')).toContain(`/fhir/Patient/${patientId}/$everything?`);
    const second = (await request(app).get(pathOf(link(bundle, 'next')!)).expect(200)).body as Bundle;
    expect(second.entry![0].resource!.resourceType).not.toBe('Patient');
    await request(app).get('/fhir/Patient/nope/$everything').expect(404);
    const all = (await request(app).get(`/fhir/Patient/${patientId}/$everything?_count=1000`).expect(200)).body as Bundle;
    const found = all.entry!.map((e) => e.resource!);
    // Referenced non-compartment resources (e.g. the payer Organization of the Coverage) come along ...
    expect(found.some((r) => r.resourceType === 'Organization')).toBe(true);
    // ... but never another patient.
    expect(found.filter((r) => r.resourceType === 'Patient').map((r) => r.id)).toEqual([patientId]);
    const onlyCoverage = (await request(app).get(`/fhir/Patient/${patientId}/$everything?_type=Coverage`).expect(200)).body as Bundle;
    expect(new Set(onlyCoverage.entry!.map((e) => e.resource!.resourceType))).toEqual(new Set(['Coverage']));
    await request(app).get(`/fhir/Patient/${patientId}/$everything?_since=soon`).expect(400);
  });
});

describe('served through express (fastPath: false)', () => {
  it('behaves the same: read, links with the mount path, OperationOutcome errors', async () => {
    const { store, config } = await fhirFixture(5);
    const { createApp } = await import('../../server/app.js');
    const slow = createApp({ store, population: { config, generationSeconds: 0 }, version: 'test', fastPath: false });
    const bundle = await request(slow).get('/fhir/Patient?_count=2').expect(200);
    expect(link(bundle.body, 'next')).toMatch(/^http:\/\/.+\/fhir\/Patient\?/);
    const id = (bundle.body as Bundle).entry![0].resource!.id!;
    const read = await request(slow).get(`/fhir/Patient/${id}`).expect(200);
    expect(read.headers.etag).toBe('W/"1"');
    const missing = await request(slow).get('/fhir/Patient/none').expect(404);
    expect(missing.body.resourceType).toBe('OperationOutcome');
    await request(slow).get('/fhir/metadata').set('Accept', 'application/fhir+xml').expect(406);
  });
});
