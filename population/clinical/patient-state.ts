import type { Condition, Reference, Resource } from 'fhir/r4';
import type { PatientContext } from '../model.js';
import type { Rng } from '../random.js';
import type { CareSites } from './care-sites.js';
import type { ImmunizationTracker } from './immunization-schedule.js';
import type { LabProfile } from './lab-profile.js';
import type { ChronicState } from './prevalence.js';
import type { PlannedTherapy } from './regimens.js';
import type { Body } from './vital-signs.js';

/** Everything the per-encounter builders share while one patient's record is generated. */
export interface PatientState {
  ctx: PatientContext;
  rng: Rng;
  /** A separate stream for pharmacy fills, so refill timing draws do not shift the clinical record's draws. */
  pharmacyRng: Rng;
  subject: Reference;
  birthDate: string;
  birthDay: number;
  asOfDay: number;
  windowStart: number;
  sex: 'male' | 'female';
  sites: CareSites;
  body: Body;
  chronic: ChronicState[];
  chronicConditions: Map<ChronicState, Condition>;
  /** Chronic medications still to prescribe (at the first suitable visit). */
  pendingMeds: Map<ChronicState, PlannedTherapy[]>;
  /** The patient's own lab levels and the drugs acting on them. */
  labs: LabProfile;
  /** Carries a penicillin allergy label (AllergyIntolerance): gets the alternative antibiotic. */
  penicillinAllergy: boolean;
  /** Chronic conditions that already have their Goal and CarePlan. */
  plannedCare: Set<ChronicState>;
  tracker: ImmunizationTracker;
  /** Next id for a resource type prefix, e.g. `obs` -> `obs-<patientIndex>-<n>`. */
  nextId: (prefix: string) => string;
  out: Resource[];
}
