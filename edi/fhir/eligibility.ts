import type { Coverage, Organization, Patient } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { accumulatorsFromEobs } from '../../population/adjudication/accumulators.js';
import { CODE_SYSTEM } from '../../population/conventions.js';
import { planById, type PlanSpec } from '../../population/data/plans.js';
import type { Accumulators } from '../../population/model.js';
import type { Inquiry, InquiryPerson } from '../transactions/270.js';
import { coverageClass, memberIdOf, pickCoverage, relationshipOf } from './projection.js';
import type { EdiCache } from '../cache.js';
import { coveragesBySubscriberId, coveragesOf, coveragesSubscribedBy, eobsOf, familyEobsOf, patientsByMemberId, readOrUndefined } from './members.js';
import { personName, refId } from './read.js';

/** AAA03 reject reasons used here (005010X279A1): 58 bad birth date, 67 patient not found, 71 DOB mismatch, 72 bad id, 73 bad name, 75 not found. */
export type RejectReason = '58' | '67' | '71' | '72' | '73' | '75';

export interface Benefits {
  deductible?: number;
  deductibleFamily?: number;
  outOfPocket?: number;
  outOfPocketFamily?: number;
  /** Member share 0..1. */
  coinsurance?: number;
  copays: { gpvisit?: number; spvisit?: number; urgentcare?: number; emergency?: number };
}

export type EligibilityAnswer =
  | { kind: 'reject'; reason: RejectReason; at: 'subscriber' | 'dependent'; subscriber?: Patient }
  | {
      kind: 'found';
      subscriber: Patient;
      patient: Patient;
      isDependent: boolean;
      coverage?: Coverage;
      active: boolean;
      memberId: string;
      subscriberMemberId: string;
      planName?: string;
      planType?: string;
      family: boolean;
      benefits: Benefits;
      accumulators?: Accumulators;
      payer?: Organization;
    };

const MEMBER_ID = /^[A-Za-z0-9-]{2,80}$/;
const norm = (s: string | undefined): string => (s ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');

function nameMatches(p: Patient, who: InquiryPerson): boolean {
  const n = personName(p.name);
  return (!who.last || norm(n.family) === norm(who.last)) && (!who.first || norm(n.given) === norm(who.first));
}

/** Coverage.costToBeneficiary (what FHIR writes change) first, the plan table for family amounts. */
export function benefitsOf(coverage: Coverage | undefined, plan: PlanSpec | undefined): Benefits {
  const b: Benefits = { copays: {} };
  for (const c of coverage?.costToBeneficiary ?? []) {
    const code = c.type?.coding?.find((x) => x.system === CODE_SYSTEM.coverageCopayType)?.code;
    const money = c.valueMoney?.value;
    if (code === 'deductible' && money !== undefined) b.deductible = money;
    else if (code === 'maxoutofpocket' && money !== undefined) b.outOfPocket = money;
    else if (code === 'copaypct' && c.valueQuantity?.value !== undefined) b.coinsurance = c.valueQuantity.value > 1 ? c.valueQuantity.value / 100 : c.valueQuantity.value;
    else if ((code === 'gpvisit' || code === 'spvisit' || code === 'urgentcare' || code === 'emergency') && money !== undefined) b.copays[code] = money;
  }
  if (plan) {
    b.deductible ??= plan.deductibleIndividual;
    b.outOfPocket ??= plan.outOfPocketMaxIndividual;
    b.coinsurance ??= plan.coinsurance;
    b.copays.gpvisit ??= plan.copayPrimaryCare;
    b.copays.spvisit ??= plan.copaySpecialist;
    b.copays.urgentcare ??= plan.copayUrgentCare;
    b.copays.emergency ??= plan.copayEmergency;
    b.deductibleFamily = plan.deductibleFamily;
    b.outOfPocketFamily = plan.outOfPocketMaxFamily;
  }
  return b;
}

/**
 * Answers one eligibility inquiry from the stored Patient and Coverage as they are now: finds the member
 * by member id (or subscriber id), checks name and birth date, and judges the coverage on the requested
 * date (DTP*291) or `asOf`. https://hl7.org/fhir/R4/coverage.html
 */
export function answerInquiry(store: Store, inquiry: Inquiry, asOf: string, payer?: Organization, cache?: EdiCache): EligibilityAnswer {
  const sub = inquiry.subscriber;
  if (!MEMBER_ID.test(sub.memberId)) return { kind: 'reject', reason: '72', at: 'subscriber' };
  let subscriber: Patient | undefined = patientsByMemberId(store, sub.memberId, cache)[0];
  let family: Coverage[] = [];
  if (!subscriber) {
    family = coveragesBySubscriberId(store, sub.memberId, cache);
    const self = family.find((c) => relationshipOf(c) === 'self') ?? family[0];
    subscriber = readOrUndefined<Patient>(store, 'Patient', refId(self?.beneficiary, 'Patient'));
  }
  if (!subscriber) return { kind: 'reject', reason: '75', at: 'subscriber' };
  if (sub.badBirthDate) return { kind: 'reject', reason: '58', at: 'subscriber', subscriber };
  if (sub.birthDate && sub.birthDate !== subscriber.birthDate) return { kind: 'reject', reason: '71', at: 'subscriber', subscriber };
  if (!nameMatches(subscriber, sub)) return { kind: 'reject', reason: '73', at: 'subscriber', subscriber };

  let patient = subscriber;
  const date = (inquiry.dependent?.date ?? sub.date)?.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3') ?? asOf;
  const subscriberCoverages = coveragesOf(store, subscriber.id ?? '', cache);
  if (inquiry.dependent) {
    const dep = inquiry.dependent;
    if (family.length === 0) family = coveragesSubscribedBy(store, subscriber.id ?? '', cache);
    const candidates = family
      .map((c) => readOrUndefined<Patient>(store, 'Patient', refId(c.beneficiary, 'Patient')))
      .filter((p): p is Patient => p !== undefined && p.id !== subscriber?.id && nameMatches(p, dep));
    const found = candidates[0];
    if (!found) return { kind: 'reject', reason: '67', at: 'dependent', subscriber };
    if (dep.badBirthDate) return { kind: 'reject', reason: '58', at: 'dependent', subscriber };
    if (dep.birthDate && dep.birthDate !== found.birthDate) return { kind: 'reject', reason: '71', at: 'dependent', subscriber };
    patient = found;
  }
  const { coverage, active } = pickCoverage(patient === subscriber ? subscriberCoverages : coveragesOf(store, patient.id ?? '', cache), date, payer);
  const plan = planById(coverageClass(coverage, 'plan').value ?? '');
  const subscriberCoverage = subscriberCoverages.find((c) => c.subscriberId === coverage?.subscriberId);
  const holder = refId(coverage?.subscriber, 'Patient') ?? subscriber.id ?? '';
  const familySize = coverage?.subscriberId ? coveragesSubscribedBy(store, holder, cache).filter((c) => c.subscriberId === coverage.subscriberId).length : 1;
  let accumulators: Accumulators | undefined;
  if (active) {
    const own = eobsOf(store, patient.id ?? '', cache);
    accumulators = accumulatorsFromEobs(own, Number(date.slice(0, 4)), coverage ? familyEobsOf(store, coverage, cache) : own);
  }
  return {
    kind: 'found',
    subscriber,
    patient,
    isDependent: patient !== subscriber,
    coverage,
    active,
    memberId: memberIdOf(patient, coverage) ?? sub.memberId,
    subscriberMemberId: memberIdOf(subscriber, subscriberCoverage) ?? sub.memberId,
    planName: coverageClass(coverage, 'plan').name ?? plan?.name,
    planType: coverage?.type?.text ?? plan?.type,
    family: familySize > 1,
    benefits: benefitsOf(coverage, plan),
    accumulators,
    payer,
  };
}

