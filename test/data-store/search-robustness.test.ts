import { describe, expect, it } from 'vitest';
import { createStore, StoreError } from '../../data-store/index.js';
import { fixtureResources } from './fixtures.js';

const names = ['', ':', '.', '_has', '_has:', '_has:Observation', '_has:Observation:patient', '_has:Observation:patient:', '_has:Nope:x:y', '_include', '_include:iterate', '_include:bogus',
  '_revinclude', '_sort', '_count', '_offset', '_type', '_total', 'subject', 'subject.', 'subject:', 'subject:Patient.', 'subject:Patient.name', 'patient.organization.name',
  'code', 'code:text', 'code:not', 'code:of-type', 'code:in', 'date', 'value-quantity', 'code-value-quantity', 'birthdate', 'family:exact', 'family:contains', 'identifier:of-type',
  'subject:identifier', 'url:below', '_id', '_lastUpdated', 'near', '_text', 'name:missing', 'subject.name:exact', '__proto__', 'constructor', 'toString'];
const values = ['', ',', ',,', '|', '||', '|||', '$', '$$', 'ge', 'eq', 'xx2020', '2020-', '2020-02-30', 'ge2020-01-01T25:00', '1e400', '-0', 'NaN', '.5', '5.', '1|2|3|4',
  'Patient/', '/', 'Patient/p1/_history/', 'http://', 'urn:uuid:', 'Observation:', 'Observation:patient', 'Observation:patient:Patient', '*', ':*', 'Observation:*', 'a:b:c:d',
  'true', 'maybe', '\\', '\\,', 'x\\', '4548-4$gt6', '4548-4$', '$gt6', '%00', '\u0000', '\u0001', '\u0002', 'ü', '-', '-birthdate', 'birthdate,-', '9'.repeat(400), 'toString', '__proto__'];

describe('malformed searches', () => {
  it('answer a page or a StoreError, never anything else', async () => {
    const store = await createStore({ base: fixtureResources });
    let errors = 0;
    let pages = 0;
    for (const type of ['Patient', 'Observation', undefined]) {
      for (const name of names) {
        for (const value of values) {
          for (const lenient of [false, true]) {
            try {
              const page = store.search({ resourceType: type, params: [[name, value]], lenient });
              expect(page.matches.every((r) => r && typeof r.resourceType === 'string')).toBe(true);
              pages++;
            } catch (err) {
              if (!(err instanceof StoreError)) throw new Error(`${type}?${name}=${value} threw ${String(err)}`);
              errors++;
            }
          }
        }
      }
    }
    expect(pages).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
  });
});
