import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;

beforeAll(async () => {
  ({ app } = await fhirFixture(5));
});

const FHIR = 'application/fhir+json';

/** Odd or hostile inputs: each must get a 4xx OperationOutcome, and the server must keep answering. */
const cases: Array<[string, string, string | undefined, number]> = [
  ['GET', '/fhir/Patient?_count=-1', undefined, 400],
  ['GET', '/fhir/Patient?_offset=1e9999', undefined, 400],
  ['GET', '/fhir/Patient?birthdate=not-a-date', undefined, 400],
  ['GET', '/fhir/Patient?_sort=nonsense', undefined, 400],
  ['GET', `/fhir/Patient/${'9'.repeat(5000)}`, undefined, 400],
  ['GET', '/fhir/Patient/%00', undefined, 400],
  ['GET', '/fhir/%2e%2e/admin/population', undefined, 404],
  ['GET', '/fhir/Patient?_format=text/turtle', undefined, 406],
  ['POST', '/fhir', '{"resourceType":"Bundle","type":"transaction","entry":"x"}', 400],
  ['POST', '/fhir', '{"resourceType":"Bundle","type":"batch","entry":[null]}', 400],
  ['POST', '/fhir', '{"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"TRACE","url":"Patient"}}]}', 400],
  ['POST', '/fhir', '{"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"POST","url":"Nope"},"resource":{"resourceType":"Nope"}}]}', 404],
  ['POST', '/fhir', '{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient","link":[{"other":{"reference":"urn:uuid:dangling"},"type":"seealso"}]},"request":{"method":"POST","url":"Patient"}}]}', 400],
  ['POST', '/fhir/Patient', '[]', 400],
  ['POST', '/fhir/Patient', '"Patient"', 400],
  ['POST', '/fhir/Patient', '{"resourceType":"Patient","birthDate":"yesterday"}', 422],
  ['PUT', '/fhir/Patient/a', '{"resourceType":"Patient","id":5}', 400],
  ['PATCH', '/fhir/Patient/a', '{"op":"replace"}', 400],
  ['DELETE', '/fhir/Patient/!!', undefined, 400],
];

describe('no input crashes the server', () => {
  it.each(cases.map(([method, path, body, status]) => ({ method, path, body, status, name: `${method} ${path.slice(0, 60)}${body ? ` ${body.slice(0, 70)}` : ''}` })))('$name -> $status', async ({ method, path, body, status }) => {
    let req = request(app)[method.toLowerCase() as 'get'](path);
    if (body !== undefined) req = req.set('Content-Type', method === 'PATCH' ? 'application/json-patch+json' : FHIR).send(body);
    const res = await req;
    expect(res.status).toBe(status);
    expect(res.body.resourceType).toBe('OperationOutcome');
    await request(app).get('/fhir/metadata').expect(200);
  });
});
