import type { Identifier, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POPULATION_CONFIG } from '../../population/config.js';
import { generateDirectory } from '../../population/directory.js';
import { patientRecordsInRange } from '../../population/generate-patient.js';
import { householdOfPatient } from '../../population/households.js';
import { identifierOwner } from '../../population/identifier-owner.js';
import { householdIdIndexFromScrambled, medicalRecordNumber, patientIndexFromScrambled, subscriberIdFor } from '../../population/ids.js';

describe('generated identifiers name their holder', () => {
  it('inverts the scrambled MRN and subscriber id digits across the index range', () => {
    for (const i of [0, 1, 7, 999_999, 1_000_000, 12_345_678, 99_999_999]) {
      expect(patientIndexFromScrambled(Number(medicalRecordNumber(i).slice(3)))).toBe(i);
      for (const [policy, era] of [[0, 0], [1, 1], [3, 0]] as const) expect(householdIdIndexFromScrambled(Number(subscriberIdFor(i, policy, era).slice(1)))).toBe(i);
    }
  });

  it('maps every identifier of every generated record to the patient or household that holds it', () => {
    const config = { ...DEFAULT_POPULATION_CONFIG, patients: 150 };
    const directory = generateDirectory(config);
    let checked = 0;
    for (const record of patientRecordsInRange(config, directory, 0, config.patients)) {
      const household = householdOfPatient(config, record.patientIndex).household.index;
      for (const r of record.resources as Array<Resource & { identifier?: Identifier[] }>) {
        for (const id of r.identifier ?? []) {
          const owner = identifierOwner(id.system, id.value ?? '');
          expect(owner, `${r.resourceType} ${id.system}|${id.value}`).toBeDefined();
          if (owner && 'patient' in owner) expect(owner.patient).toBe(record.patientIndex);
          else expect(owner?.household).toBe(household);
          expect(identifierOwner(undefined, id.value ?? '')).toEqual(owner);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('owns no value a generated record cannot hold', () => {
    expect(identifierOwner(undefined, 'X12-anything')).toBeUndefined();
    expect(identifierOwner('https://cdg.example.org/fhir/sid/x12-claim-submission', 'C12-1')).toBeUndefined();
    expect(identifierOwner('https://cdg.example.org/fhir/sid/mrn', 'W12345678901')).toBeUndefined();
  });
});
