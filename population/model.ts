import type { Faker } from '@faker-js/faker';
import type {
  Claim,
  Coverage,
  ExplanationOfBenefit,
  InsurancePlan,
  Location,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Resource,
} from 'fhir/r4';
import type { PopulationConfig } from './config.js';
import type { Rng } from './random.js';

/** Plan benefit parameters; the source of Coverage.costToBeneficiary and of 271 EB answers. */
export interface PlanBenefits {
  /** Stable key, also Coverage.class[plan].value and InsurancePlan id. */
  planId: string;
  name: string;
  /** Key of the payer Organization offering the plan. */
  payerKey: string;
  /** Insurance type: PPO, HMO, EPO, HDHP, MEDICARE_ADV, MEDICAID. */
  type: string;
  deductibleIndividual: number;
  deductibleFamily: number;
  outOfPocketMaxIndividual: number;
  outOfPocketMaxFamily: number;
  copayPrimaryCare: number;
  copaySpecialist: number;
  copayUrgentCare: number;
  copayEmergency: number;
  /** Member coinsurance share after deductible, 0..1. */
  coinsurance: number;
  /** Source note for the numbers. */
  source: string;
}

/** The shared provider/payer directory, generated once from the seed. */
export interface Directory {
  payers: Organization[];
  providerOrganizations: Organization[];
  practitioners: Practitioner[];
  practitionerRoles: PractitionerRole[];
  locations: Location[];
  insurancePlans: InsurancePlan[];
  plans: PlanBenefits[];
}

export type HouseholdRole = 'subscriber' | 'spouse' | 'child';

export interface HouseholdMember {
  patientIndex: number;
  role: HouseholdRole;
}

export interface Household {
  index: number;
  id: string;
  members: HouseholdMember[];
}

/** What the clinical and claims generators get to know about one patient. */
export interface PatientContext {
  config: PopulationConfig;
  /** as-of date, UTC midnight. */
  asOf: Date;
  patientIndex: number;
  /** The patient's own stream, for clinical history (independent of demographic draws). */
  rng: Rng;
  faker: Faker;
  directory: Directory;
  household: Household;
  role: HouseholdRole;
  patient: Patient;
  ageYears: number;
  sex: 'male' | 'female';
  /** Coverages of this member in time order (a terminated one may precede the current one). */
  coverages: Coverage[];
  /** Plan benefits by Coverage id. */
  plans: Map<string, PlanBenefits>;
  /** The member's primary care practitioner role, organization and location. */
  primaryCare: { practitioner: Practitioner; role: PractitionerRole; organization: Organization; location: Location };
}

/** All resources of one patient, in a fixed order. */
export interface PatientRecord {
  patientIndex: number;
  resources: Resource[];
}

/**
 * Running plan-year accumulators for one member: the member's own (individual) deductible and out-of-pocket, and the
 * family's (every member of the policy, this one included). With an embedded family deductible a member's cost share
 * counts toward both, and the member's deductible (out-of-pocket) is satisfied when either limit is reached.
 */
export interface Accumulators {
  planYear: number;
  deductibleMet: number;
  outOfPocketMet: number;
  familyDeductibleMet: number;
  familyOutOfPocketMet: number;
}

/** Everything adjudication needs; the same rules serve the generator and inbound 837 claims. */
export interface AdjudicationInput {
  claim: Claim;
  coverage: Coverage;
  plan: PlanBenefits;
  /** Accumulators before this claim (same plan year as the claim's service date). */
  accumulators: Accumulators;
  /** Id to give the ExplanationOfBenefit. */
  eobId: string;
  /** Processing date YYYY-MM-DD (EOB.created, payment.date). */
  processedDate: string;
}

export interface AdjudicationResult {
  eob: ExplanationOfBenefit;
  accumulators: Accumulators;
}
