import { describe, expect, it } from 'vitest';
import { generateClinicalRecord } from '../../population/clinical/index.js';
import { clinicalConfig, contextFor } from './clinical-fixture.js';

describe('clinical record determinism', () => {
  const config = clinicalConfig({ patients: 200 });

  it('the same context gives byte-identical records, patient by patient', () => {
    for (const i of [0, 1, 17, 99, 199]) {
      const a = JSON.stringify(generateClinicalRecord(contextFor(config, i)));
      const b = JSON.stringify(generateClinicalRecord(contextFor(config, i)));
      expect(b, `patient ${i}`).toBe(a);
    }
  });

  it('different patients and different seeds give different records', () => {
    const a = JSON.stringify(generateClinicalRecord(contextFor(config, 5)));
    expect(JSON.stringify(generateClinicalRecord(contextFor(config, 6)))).not.toBe(a);
    expect(JSON.stringify(generateClinicalRecord(contextFor({ ...config, seed: 'other' }, 5)))).not.toBe(a);
  });

  it('ids are unique and follow <type>-<patientIndex>-<n>', () => {
    const ids = new Set<string>();
    for (const i of [3, 4, 150]) {
      for (const r of generateClinicalRecord(contextFor(config, i))) {
        const key = `${r.resourceType}/${r.id ?? ''}`;
        expect(ids.has(key), key).toBe(false);
        ids.add(key);
        expect(r.id).toMatch(new RegExp(`^[a-z]+-${i}-\\d+$`));
      }
    }
  });

  it('every date lies within the history window before as-of', () => {
    for (const i of [0, 50, 120]) {
      const ctx = contextFor(config, i);
      const from = `${Number(config.asOf.slice(0, 4)) - config.historyYears}${config.asOf.slice(4)}`;
      const json = JSON.stringify(generateClinicalRecord(ctx), (key, value: unknown) => value);
      const dates = [...json.matchAll(/"(?:start|end|effectiveDateTime|occurrenceDateTime|authoredOn|servicedDate|created|issued|performedDateTime|date)":"(\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]);
      for (const d of dates) {
        expect(d >= from && d < config.asOf, `${d} in patient ${i}`).toBe(true);
      }
    }
  });
});
