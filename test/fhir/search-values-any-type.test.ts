import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
let counts: Record<string, number>;

beforeAll(async () => {
  const fixture = await fhirFixture(3);
  app = fixture.app;
  counts = fixture.store.counts();
});

/** Bad values on types the population never holds, and the same kind of value on types it does. */
const BAD: Array<[string, string]> = [
  ['RiskAssessment', 'probability=abc'],
  ['Account', 'period=notadate'],
  ['RiskAssessment', 'date=2020-13-45'],
  ['RiskAssessment', 'probability=gt'],
  ['Account', 'period=ap'],
  ['RiskAssessment', 'subject.birthdate=notadate'],
  ['Account', '_has:Observation:subject:date=notadate'],
  ['Encounter', 'date=notadate'],
  ['Observation', 'value-quantity=abc'],
  ['Observation', 'code-value-quantity=http://loinc.org|8480-6$abc'],
];

describe('search values are checked the same whether or not the type holds data', () => {
  it('the fixture has data for some types and none for RiskAssessment and Account', () => {
    expect(counts.Encounter).toBeGreaterThan(0);
    expect(counts.Observation).toBeGreaterThan(0);
    expect(counts.RiskAssessment).toBeUndefined();
    expect(counts.Account).toBeUndefined();
  });

  it.each(BAD)('%s?%s answers 400 with an OperationOutcome', async (type, query) => {
    const res = await request(app).get(`/fhir/${type}?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });

  it.each([
    ['RiskAssessment', 'probability=0.5'],
    ['Account', 'period=2020-01-01'],
    ['RiskAssessment', 'subject.birthdate=2000'],
  ])('a good value on an empty type is an empty searchset: %s?%s', async (type, query) => {
    const res = await request(app).get(`/fhir/${type}?${query}`).expect(200);
    expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0 });
  });
});
