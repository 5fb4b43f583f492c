import type { Coverage, ExplanationOfBenefit, Organization, Patient } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { ADJUDICATION, IDENTIFIER } from '../../population/conventions.js';
import { identifierValue, refId } from '../../edi/fhir/read.js';
import { findClaim, isDenied, isPaid, isPended } from './scenarios-claims.js';
import { beneficiaryOf, findEligibility, hasOwnMemberId, inForce, isSelf, unknownMember } from './scenarios-eligibility.js';
import type { Scenario, ScenarioWorld } from './scenarios-types.js';
import { timeSlicer } from '../../data-store/time-slicer.js';

/** One catalog entry: what it is, what the answer shows, how to find a subject, and what it takes when none. */
interface Definition {
  key: string;
  title: string;
  expect: Scenario['expect'];
  find: (world: ScenarioWorld, base: Omit<Scenario, 'available'>) => Promise<Scenario | undefined> | Scenario | undefined;
  /** Said when the current population and store hold no subject. */
  missing: string;
}

const yearEnd = (asOf: string, back: number): string => `${Number(asOf.slice(0, 4)) - back}-12-31`;

/** Plan dates a "met" accumulator is looked for on: the as-of date, then the end of the plan year before. */
const planDates = (asOf: string): Array<string | undefined> => [undefined, yearEnd(asOf, 1)];

/** Candidates for the accumulator scenarios: each in-force coverage, on each plan date it is in force. */
function accumulatorCandidates(world: ScenarioWorld) {
  return (patient: Patient, coverages: Coverage[]) =>
    !world.memberShares.has(patient.id ?? '') ? [] : planDates(world.asOf).flatMap((date) => inForce(coverages, date ?? world.asOf).map((coverage) => ({ patient, coverage, date })));
}

/** Patients with an EOB that left them a share to pay (deductible, copay or coinsurance): only they can have met one. */
function patientsWithShares(store: Store): Set<string> {
  const shares = new Set<string>([ADJUDICATION.deductible.code, ADJUDICATION.copay.code, ADJUDICATION.coinsurance.code]);
  const out = new Set<string>();
  for (const eob of store.all<ExplanationOfBenefit>('ExplanationOfBenefit')) {
    const patient = refId(eob.patient, 'Patient');
    if (!patient || out.has(patient)) continue;
    const owes = (eob.item ?? []).some((i) => (i.adjudication ?? []).some((a) => (a.amount?.value ?? 0) > 0 && shares.has(a.category.coding?.[0]?.code ?? '')));
    if (owes) out.add(patient);
  }
  return out;
}

const DEFINITIONS: Definition[] = [
  {
    key: 'active-subscriber', title: 'Active subscriber', expect: { eligibility: 'active', eb01: '1' },
    find: (w, b) => findEligibility(w, b, (patient, c) => inForce(c, w.asOf).filter(isSelf).map((coverage) => ({ patient, coverage })), (a) => a.active),
    missing: 'no subscriber has a coverage in force on the as-of date',
  },
  {
    key: 'dependant-own-member-id', title: 'Dependant with their own member id (asked as the subscriber, 2100C)', expect: { eligibility: 'active', eb01: '1' },
    find: (w, b) => findEligibility(w, b, (patient, c) => inForce(c, w.asOf).filter((cov) => hasOwnMemberId(patient, cov)).map((coverage) => ({ patient, coverage })), (a) => a.active),
    missing: 'no dependant with a member id of their own has a coverage in force on the as-of date',
  },
  {
    key: 'terminated-coverage', title: 'Terminated coverage', expect: { eligibility: 'inactive', eb01: '6' },
    find: (w, b) => findEligibility(w, b, (patient, c) => (c.length > 0 && c.every((cov) => (cov.period?.end ?? '9999') < w.asOf) ? [{ patient, coverage: latestEnd(c) }] : []), (a) => !a.active),
    missing: 'every member has a coverage that has not ended by the as-of date',
  },
  {
    key: 'future-effective-coverage', title: 'Coverage that starts after the as-of date', expect: { eligibility: 'inactive', eb01: '6' },
    find: (w, b) => findEligibility(w, b, (patient, c) => c.filter((cov) => (cov.period?.start ?? '') > w.asOf).map((coverage) => ({ patient, coverage })), (a) => !a.active),
    missing: 'no coverage in the population starts after the as-of date (the generator enrols members on or before it)',
  },
  {
    key: 'deductible-met', title: 'Individual deductible met for the plan year', expect: { eligibility: 'active', eb01: 'C', remaining: 0 },
    find: (w, b) => findEligibility(w, b, accumulatorCandidates(w), (a) => a.active && !!a.accumulators && (a.benefits.deductible ?? 0) > 0 && a.accumulators.deductibleMet >= (a.benefits.deductible ?? 0)),
    missing: 'no member with a coverage in force has met a (non-zero) individual deductible, neither in the as-of plan year nor in the year before',
  },
  {
    key: 'out-of-pocket-met', title: 'Individual out-of-pocket maximum met for the plan year', expect: { eligibility: 'active', eb01: 'G', remaining: 0 },
    find: (w, b) => findEligibility(w, b, accumulatorCandidates(w), (a) => a.active && !!a.accumulators && (a.benefits.outOfPocket ?? 0) > 0 && a.accumulators.outOfPocketMet >= (a.benefits.outOfPocket ?? 0)),
    missing: 'no member with a coverage in force has met a (non-zero) out-of-pocket maximum, neither in the as-of plan year nor in the year before',
  },
  { key: 'claim-paid', title: 'Claim paid', expect: { outcome: 'complete', paid: true }, find: (w, b) => findClaim(w, b, isPaid), missing: 'no ExplanationOfBenefit pays anything' },
  { key: 'claim-denied', title: 'Claim denied, with the CARC', expect: { outcome: 'complete', paid: false, carc: '' }, find: (w, b) => findClaim(w, b, isDenied), missing: 'no claim was denied' },
  {
    key: 'claim-pended', title: 'Claim pended', expect: { outcome: 'queued or partial', x12_277: 'P1' }, find: (w, b) => findClaim(w, b, isPended),
    missing: 'no ExplanationOfBenefit is pended (draft, queued or partial): the generator and the inbound 837 adjudicate every claim at once',
  },
  {
    key: 'coordination-of-benefits', title: 'Member with two coverages in force (coordination of benefits)', expect: { coverages: 2 },
    find: (w, b) => cobMember(w, b),
    missing: 'no member has two coverages in force on the as-of date (the generator gives each member one plan at a time)',
  },
  { key: 'unknown-member', title: 'Unknown member', expect: { eligibility: 'rejected', aaa03: '75' }, find: unknownMember, missing: 'no free member id found' },
];

function latestEnd(coverages: Coverage[]): Coverage {
  return coverages.slice().sort((a, b) => ((b.period?.end ?? '') < (a.period?.end ?? '') ? -1 : 1))[0];
}

function cobMember(world: ScenarioWorld, base: Omit<Scenario, 'available'>): Scenario | undefined {
  for (const patient of world.patients) {
    const current = inForce(world.coveragesOf(patient.id ?? ''), world.asOf);
    if (current.length < 2) continue;
    return {
      ...base,
      available: true,
      expect: { coverages: current.length },
      subject: { patientId: patient.id ?? '', coverageIds: current.map((c) => c.id ?? '').join(',') },
      request: { method: 'GET', path: `/fhir/Coverage?beneficiary=Patient/${patient.id ?? ''}&status=active`, headers: { accept: 'application/fhir+json' } },
    };
  }
  return undefined;
}

/** Indexes the store once for the finders: patients in store order, coverages by beneficiary, payers. */
function worldOf(store: Store, asOf: string, ourId: string): ScenarioWorld {
  const coverages = new Map<string, Coverage[]>();
  for (const c of store.all<Coverage>('Coverage')) {
    const id = beneficiaryOf(c);
    if (id) coverages.set(id, [...(coverages.get(id) ?? []), c]);
  }
  const payers = new Map<string, Organization>();
  for (const o of store.all<Organization>('Organization')) if (identifierValue(o.identifier, IDENTIFIER.payerId)) payers.set(`Organization/${o.id ?? ''}`, o);
  return {
    store,
    asOf,
    ourId,
    documentTime: new Date(`${asOf}T12:00:00Z`),
    patients: [...store.all<Patient>('Patient')],
    payers,
    coveragesOf: (id) => coverages.get(id) ?? [],
    memberShares: patientsWithShares(store),
    slice: timeSlicer(),
  };
}

/**
 * The scenario catalog of the store as it is now: each scenario's first subject in store order, found by the same
 * eligibility and claim logic the EDI and FHIR faces answer with, or the reason there is none.
 */
export async function scenarioCatalog(store: Store, asOf: string, ourId: string): Promise<Scenario[]> {
  const world = worldOf(store, asOf, ourId);
  const out: Scenario[] = [];
  for (const { key, title, expect, find, missing } of DEFINITIONS) out.push((await find(world, { key, title, expect })) ?? { key, title, expect, available: false, unavailable: missing });
  return out;
}
