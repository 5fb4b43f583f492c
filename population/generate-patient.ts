import type { Coverage, Patient } from 'fhir/r4';
import type { PopulationConfig } from './config.js';
import { generateClinicalParts } from './clinical/index.js';
import { adjudicateFamily } from './clinical/family-adjudication.js';
import { memberCoverages } from './coverage.js';
import { birthDateForAge, parseDate } from './dates.js';
import { householdProfile } from './household-profile.js';
import { householdOfPatient } from './households.js';
import type { Directory, PatientContext, PatientRecord } from './model.js';
import { buildPatient } from './patient.js';
import { buildPatientContext } from './patient-context.js';
import { choosePrimaryCare } from './primary-care.js';
import { createRng } from './random.js';
import { fakerFor } from './seeded-faker.js';

/** The people-and-coverage part of one patient: Patient, Coverages and the context for the clinical part. */
export interface PatientPeople {
  patient: Patient;
  coverages: Coverage[];
  context: PatientContext;
}

/**
 * Patient i without the clinical record (https://hl7.org/fhir/R4/patient.html,
 * https://hl7.org/fhir/R4/coverage.html): a pure function of (config, directory, i).
 */
export function generatePatientPeople(config: PopulationConfig, directory: Directory, patientIndex: number): PatientPeople {
  const { household, member } = householdOfPatient(config, patientIndex);
  const profile = householdProfile(config, household);
  const rng = createRng(config.seed, 'patient', patientIndex);
  const asOf = parseDate(config.asOf);
  const birthDate = birthDateForAge(asOf, member.ageYears, rng.next());
  const roleOf = (i: number): string => household.members.find((m) => m.patientIndex === i)?.role ?? 'child';
  const coverage = memberCoverages(profile, patientIndex, birthDate, roleOf);
  const primaryCare = choosePrimaryCare(directory, member.ageYears, rng, { state: profile.state.code, zip: profile.city.zip });
  const faker = fakerFor(rng.uint32());
  const patient = buildPatient(rng, faker, {
    household,
    member,
    profile,
    birthDate,
    coverage,
    primaryCare,
    includeAddress: config.includeAddress,
  });
  // Reseed from this patient's stream so the clinical part sees the same Faker state every time.
  const clinicalFaker = fakerFor(rng.uint32());
  const context = buildPatientContext({
    config,
    directory,
    household,
    member,
    patient,
    coverages: coverage.coverages,
    plans: coverage.plans,
    primaryCare,
    faker: clinicalFaker,
  });
  return { patient, coverages: coverage.coverages, context };
}

/**
 * The records of every member of patient i's household (https://hl7.org/fhir/R4/patient.html), in member order: each
 * member's [Patient, ...Coverage, ...clinical record], the claims of all members adjudicated together so family
 * deductibles and out-of-pocket maximums apply (clinical/family-adjudication.ts). A pure function of (config,
 * directory, i): the same for every member of the household.
 */
export function generateHouseholdRecords(config: PopulationConfig, directory: Directory, patientIndex: number): PatientRecord[] {
  const { household } = householdOfPatient(config, patientIndex);
  const members = household.members.map((m) => {
    const { patient, coverages, context } = generatePatientPeople(config, directory, m.patientIndex);
    return { patientIndex: m.patientIndex, head: [patient, ...coverages], clinical: generateClinicalParts(context) };
  });
  adjudicateFamily(members.map((m) => m.clinical));
  return members.map((m) => ({ patientIndex: m.patientIndex, resources: [...m.head, ...m.clinical.resources] }));
}

/**
 * All resources of patient i: [Patient, ...Coverage, ...clinical record]. Patient i is
 * byte-identical whether generated alone or within the population.
 */
export function generatePatientRecord(config: PopulationConfig, directory: Directory, patientIndex: number): PatientRecord {
  const record = generateHouseholdRecords(config, directory, patientIndex).find((r) => r.patientIndex === patientIndex);
  if (!record) throw new Error(`patient ${patientIndex} is missing from its household`);
  return record;
}

/** The records of patients [from, to) in index order, each household generated once (its members are consecutive). */
export function* patientRecordsInRange(config: PopulationConfig, directory: Directory, from: number, to: number): Generator<PatientRecord> {
  let household: PatientRecord[] = [];
  for (let i = from; i < to; i++) {
    let record = household.find((r) => r.patientIndex === i);
    if (!record) {
      household = generateHouseholdRecords(config, directory, i);
      record = household.find((r) => r.patientIndex === i);
    }
    if (!record) throw new Error(`patient ${i} is missing from its household`);
    yield record;
  }
}
