import type { Coverage, Patient } from 'fhir/r4';
import type { Faker } from '@faker-js/faker';
import type { PopulationConfig } from './config.js';
import type { PlanSpec } from './data/plans.js';
import { parseDate } from './dates.js';
import type { PlannedHousehold, PlannedMember } from './households.js';
import type { Directory, PatientContext, PlanBenefits } from './model.js';
import type { PrimaryCare } from './primary-care.js';
import { createRng } from './random.js';

/**
 * The PatientContext handed to the clinical generator (population/clinical). Its `rng` is the
 * patient's clinical stream `createRng(seed, 'clinical', i)`, independent of the demographic draws,
 * so changing demographics does not reshuffle clinical history and vice versa.
 */
export function buildPatientContext(args: {
  config: PopulationConfig;
  directory: Directory;
  household: PlannedHousehold;
  member: PlannedMember;
  patient: Patient;
  coverages: Coverage[];
  plans: Map<string, PlanSpec>;
  primaryCare: PrimaryCare;
  faker: Faker;
}): PatientContext {
  const { config, member } = args;
  return {
    config,
    asOf: parseDate(config.asOf),
    patientIndex: member.patientIndex,
    rng: createRng(config.seed, 'clinical', member.patientIndex),
    faker: args.faker,
    directory: args.directory,
    household: args.household,
    role: member.role,
    patient: args.patient,
    ageYears: member.ageYears,
    sex: member.sex,
    coverages: args.coverages,
    plans: args.plans as Map<string, PlanBenefits>,
    primaryCare: args.primaryCare,
  };
}
