import type { Coverage, Organization, Patient } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { answerInquiry, type EligibilityAnswer } from '../../edi/fhir/eligibility.js';
import { coverageActiveOn, memberIdOf, payerIdOf, relationshipOf } from '../../edi/fhir/projection.js';
import { patientsByMemberId, coveragesBySubscriberId } from '../../edi/fhir/members.js';
import { personName, refId } from '../../edi/fhir/read.js';
import type { Inquiry } from '../../edi/transactions/270.js';
import { eligibility270, type EligibilityQuestion } from './scenarios-x12.js';
import type { Scenario, ScenarioWorld } from './scenarios-types.js';

type Found = Extract<EligibilityAnswer, { kind: 'found' }>;

/** A member and the coverage and date a 270 asks about. */
interface Candidate {
  patient: Patient;
  coverage: Coverage;
  /** DTP*291, when the scenario holds on another date than the as-of date. */
  date?: string;
}

function question(world: ScenarioWorld, c: Candidate): EligibilityQuestion | undefined {
  const memberId = memberIdOf(c.patient, c.coverage);
  const payer = world.payers.get(c.coverage.payor?.[0]?.reference ?? '');
  if (!memberId || !payer) return undefined;
  const name = personName(c.patient.name);
  return { payerId: payerIdOf(payer), memberId, family: name.family, given: name.given, birthDate: c.patient.birthDate, date: c.date };
}

/** What the server's eligibility logic (the one behind POST /edi/270) answers to the question now. */
function answer(store: Store, q: EligibilityQuestion, asOf: string, payer: Organization | undefined): EligibilityAnswer {
  const nm1 = ['NM1', 'IL', '1', q.family, q.given, '', '', '', 'MI', q.memberId];
  const compact = (d?: string): string | undefined => d?.replaceAll('-', '');
  const inquiry: Inquiry = {
    subscriber: { nm1, traces: [], memberId: q.memberId, last: q.family, first: q.given, birthDate: q.birthDate, serviceTypes: ['30'], date: compact(q.date) },
  };
  return answerInquiry(store, inquiry, asOf, payer);
}

/** The scenario for a question whose answer `holds`, with the 270 that asks it. */
function eligibilityScenario(world: ScenarioWorld, base: Omit<Scenario, 'available'>, q: EligibilityQuestion, extra: Record<string, string> = {}): Scenario {
  const body = eligibility270(q, world.ourId, world.documentTime, `SCN-${base.key}`.slice(0, 30));
  return {
    ...base,
    available: true,
    subject: { memberId: q.memberId, name: `${q.given} ${q.family}`, ...(q.birthDate ? { birthDate: q.birthDate } : {}), payerId: q.payerId, ...(q.date ? { planDate: q.date } : {}), ...extra },
    request: { method: 'POST', path: '/edi/270', headers: { 'content-type': 'application/edi-x12' }, body },
  };
}

/**
 * The first member (store order) that `pick` proposes and whose answer from the eligibility logic `holds`; the
 * scenario is then true of the store by construction, not by assumption.
 */
export async function findEligibility(
  world: ScenarioWorld,
  base: Omit<Scenario, 'available'>,
  pick: (patient: Patient, coverages: Coverage[]) => Candidate[],
  holds: (a: Found, c: Candidate) => boolean,
): Promise<Scenario | undefined> {
  for (const patient of world.patients) {
    await world.slice();
    for (const c of pick(patient, world.coveragesOf(patient.id ?? ''))) {
      const q = question(world, c);
      if (!q) continue;
      const payer = world.payers.get(c.coverage.payor?.[0]?.reference ?? '');
      const a = answer(world.store, q, world.asOf, payer);
      if (a.kind === 'found' && a.patient.id === patient.id && holds(a, c)) {
        return eligibilityScenario(world, base, q, { patientId: patient.id ?? '', coverageId: c.coverage.id ?? '' });
      }
    }
  }
  return undefined;
}

/** A member id no Patient and no Coverage carries, and the 270 asking about it (answered AAA*75). */
export function unknownMember(world: ScenarioWorld, base: Omit<Scenario, 'available'>): Scenario | undefined {
  const payer = [...world.payers.values()][0];
  if (!payer) return undefined;
  for (let n = 0; n < 100; n++) {
    const memberId = `ZZ${String(900_000_000 + n)}`;
    if (patientsByMemberId(world.store, memberId).length === 0 && coveragesBySubscriberId(world.store, memberId).length === 0) {
      return eligibilityScenario(world, base, { payerId: payerIdOf(payer), memberId, family: 'NOBODY', given: 'UNKNOWN', birthDate: '1980-01-01' });
    }
  }
  return undefined;
}

/** Coverages in force on the date. */
export const inForce = (coverages: Coverage[], date: string): Coverage[] => coverages.filter((c) => coverageActiveOn(c, date));
export const isSelf = (c: Coverage): boolean => relationshipOf(c) === 'self';
/** A dependant's own member id differs from the subscriber id of the policy. */
export const hasOwnMemberId = (p: Patient, c: Coverage): boolean => !isSelf(c) && !!memberIdOf(p, c) && memberIdOf(p, c) !== c.subscriberId;
export const beneficiaryOf = (c: Coverage): string | undefined => refId(c.beneficiary, 'Patient');
