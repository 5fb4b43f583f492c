import type { PopulationConfig } from './config.js';
import { generateClinicalRecord } from './clinical/index.js';
import { memberCoverages } from './coverage.js';
import { birthDateForAge, parseDate } from './dates.js';
import { householdProfile } from './household-profile.js';
import { householdOfPatient } from './households.js';
import type { Directory, PatientRecord } from './model.js';
import { buildPatient } from './patient.js';
import { buildPatientContext } from './patient-context.js';
import { choosePrimaryCare } from './primary-care.js';
import { createRng } from './random.js';
import { fakerFor } from './seeded-faker.js';

/**
 * All resources of patient i: [Patient, ...Coverage, ...clinical record]. A pure function of
 * (config, directory, i): patient i is byte-identical whether generated alone or in the population
 * (https://hl7.org/fhir/R4/patient.html, https://hl7.org/fhir/R4/coverage.html).
 */
export function generatePatientRecord(config: PopulationConfig, directory: Directory, patientIndex: number): PatientRecord {
  const { household, member } = householdOfPatient(config, patientIndex);
  const profile = householdProfile(config, household);
  const rng = createRng(config.seed, 'patient', patientIndex);
  const asOf = parseDate(config.asOf);
  const birthDate = birthDateForAge(asOf, member.ageYears, rng.next());
  const roleOf = (i: number): string => household.members.find((m) => m.patientIndex === i)?.role ?? 'child';
  const coverage = memberCoverages(profile, patientIndex, birthDate, roleOf);
  const primaryCare = choosePrimaryCare(directory, member.ageYears, rng);
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
  const ctx = buildPatientContext({
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
  return { patientIndex, resources: [patient, ...coverage.coverages, ...generateClinicalRecord(ctx)] };
}
