import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
let patient: string;
const FHIR = 'application/fhir+json';

beforeAll(async () => {
  ({ app } = await fhirFixture(2));
  patient = (await request(app).get('/fhir/Patient?_count=1').expect(200)).body.entry[0].resource.id as string;
  // A deletion in the history (an entry without a resource) and a client-written version (bytes kept at the write).
  const created = await request(app).post('/fhir/Basic').set('Content-Type', FHIR).send({ resourceType: 'Basic', code: { text: 'bytes' } }).expect(201);
  await request(app).delete(`/fhir/Basic/${created.body.id as string}`).expect(200);
});

/**
 * Pages are written from each entry's own bytes, concatenated (bundle-json.ts), and `_pretty` by the sliced encoder:
 * the bytes must be those of JSON.stringify of the Bundle (key order, escapes, no whitespace), or indented by 2.
 */
describe('page bytes are those of JSON.stringify of the Bundle', () => {
  const pages = () => [
    '/fhir/Observation?_count=7',
    '/fhir/Observation?_count=7', // again: now from the bytes kept for each version
    '/fhir/Patient?_count=3&_summary=true',
    '/fhir/Encounter?_count=2&_elements=status&_include=Encounter:subject',
    '/fhir/Patient?_count=2&bogus=1',
    '/fhir/Basic/_history?_count=5',
    '/fhir/_history?_count=4',
    `/fhir/Patient/${patient}/$everything?_count=9`,
    '/fhir/Patient?_count=0',
  ];

  it('for searches, histories and $everything, warm and cold, subsets, includes and outcomes', async () => {
    for (const url of pages()) {
      const res = await request(app).get(url).set('Prefer', 'handling=lenient').expect(200);
      expect(res.text, url).toBe(JSON.stringify(res.body));
      expect(res.body.resourceType).toBe('Bundle');
    }
  });

  it('indented by 2 with _pretty=true', async () => {
    for (const url of pages()) {
      const res = await request(app).get(`${url}&_pretty=true`).set('Prefer', 'handling=lenient').expect(200);
      expect(res.text, url).toBe(JSON.stringify(res.body, null, 2));
    }
    const read = await request(app).get(`/fhir/Patient/${patient}?_pretty=true`).expect(200);
    expect(read.text).toBe(JSON.stringify(read.body, null, 2));
  });
});
