import type { Coverage } from 'fhir/r4';
import { CODE_SYSTEM, IDENTIFIER } from './conventions.js';
import type { PlanSpec } from './data/plans.js';
import { addDays, formatDate } from './dates.js';
import type { HouseholdProfile, Policy } from './household-profile.js';
import { coverageId, memberIdFor, pad, patientId, payerOrganizationId, ref } from './ids.js';
import { copayType, planCopays, usd } from './insurance-plans.js';

/**
 * Coverage resources of one member (https://hl7.org/fhir/R4/coverage.html): the current one and,
 * for a few households, an earlier terminated one (status cancelled, period ended) or a lapsed one
 * (status active but period.end before as-of, and nothing after it); for some, a plan change starting after the
 * as-of date, or a spouse's own employer policy beside the family one (Coverage.order 1 and 2, coordination of
 * benefits; population/coverage-events.ts). Eligibility on a date is therefore: status active and the date inside period.
 */

/** Subscriber relationship codes (http://terminology.hl7.org/CodeSystem/subscriber-relationship). */
const RELATIONSHIP = {
  self: 'Self',
  spouse: 'Spouse',
  child: 'Child',
} as const;

export interface MemberEnrollment {
  policy: Policy;
  /** Two-digit dependent sequence within the policy ("01" for the subscriber). */
  dependent: string;
  memberId: string;
  relationship: keyof typeof RELATIONSHIP;
}

/** Where a member sits in a policy, or undefined when the policy does not cover them. */
export function enrollmentIn(policy: Policy, patientIndex: number, roleOf: (i: number) => string): MemberEnrollment | undefined {
  const position = policy.memberIndexes.indexOf(patientIndex);
  if (position < 0) return undefined;
  const dependent = pad(position + 1, 2);
  let relationship: MemberEnrollment['relationship'] = 'child';
  if (patientIndex === policy.subscriberIndex) relationship = 'self';
  else if (roleOf(patientIndex) === 'spouse' || roleOf(policy.subscriberIndex) === 'spouse') {
    // a spouse under the subscriber, or the subscriber under a policy held by the spouse
    relationship = roleOf(patientIndex) === 'child' ? 'child' : 'spouse';
  }
  return { policy, dependent, memberId: memberIdFor(policy.subscriberId, dependent), relationship };
}

/** Coverage.costToBeneficiary from the plan design: copays, coinsurance %, deductible, out-of-pocket max (https://hl7.org/fhir/R4/coverage-definitions.html#Coverage.costToBeneficiary). */
export function costToBeneficiary(plan: PlanSpec): NonNullable<Coverage['costToBeneficiary']> {
  return [
    ...planCopays(plan).map(({ code, amount }) => ({ type: copayType(code), valueMoney: usd(amount) })),
    { type: copayType('copaypct'), valueQuantity: { value: Math.round(plan.coinsurance * 100), unit: '%', system: CODE_SYSTEM.ucum, code: '%' } },
    { type: copayType('deductible'), valueMoney: usd(plan.deductibleIndividual) },
    { type: copayType('maxoutofpocket'), valueMoney: usd(plan.outOfPocketMaxIndividual) },
  ];
}

function buildCoverage(
  id: string,
  patientIndex: number,
  e: MemberEnrollment,
  status: Coverage['status'],
  start: string,
  end: string | undefined,
  order = 1,
): Coverage {
  const { policy } = e;
  const plan = policy.plan;
  const subscriber = ref('Patient', patientId(policy.subscriberIndex));
  return {
    resourceType: 'Coverage',
    id,
    identifier: [
      {
        type: { coding: [{ system: CODE_SYSTEM.v2IdentifierType, code: 'MB', display: 'Member Number' }] },
        system: IDENTIFIER.memberId,
        value: e.memberId,
      },
    ],
    status,
    type: { coding: [{ system: CODE_SYSTEM.v3ActCode, code: plan.actCode.code, display: plan.actCode.display }], text: plan.type },
    policyHolder: subscriber,
    subscriber,
    subscriberId: policy.subscriberId,
    beneficiary: ref('Patient', patientId(patientIndex)),
    dependent: e.dependent,
    relationship: { coding: [{ system: CODE_SYSTEM.subscriberRelationship, code: e.relationship, display: RELATIONSHIP[e.relationship] }] },
    period: end === undefined ? { start } : { start, end },
    payor: [{ ...ref('Organization', payerOrganizationId(plan.payerKey)) }],
    class: [
      { type: { coding: [{ system: CODE_SYSTEM.coverageClass, code: 'group', display: 'Group' }] }, value: policy.groupNumber, name: policy.groupName },
      { type: { coding: [{ system: CODE_SYSTEM.coverageClass, code: 'plan', display: 'Plan' }] }, value: plan.planId, name: plan.name },
    ],
    order,
    network: plan.network,
    costToBeneficiary: costToBeneficiary(plan),
  };
}

export interface MemberCoverages {
  coverages: Coverage[];
  /** Plan of each coverage, by Coverage id. */
  plans: Map<string, PlanSpec>;
  /** The member's enrollments, earliest first (for Patient member-id identifiers). */
  enrollments: Array<{ enrollment: MemberEnrollment; start: string; end?: string }>;
}

/**
 * The member's coverages in time order. Nobody is covered before birth: a child born after the
 * household enrolled starts on their birth date, and skips a terminated coverage that ended before.
 */
export function memberCoverages(
  profile: HouseholdProfile,
  patientIndex: number,
  birthDate: Date,
  roleOf: (i: number) => string,
): MemberCoverages {
  const out: MemberCoverages = { coverages: [], plans: new Map(), enrollments: [] };
  // A member who holds an own policy beside the family one has that own policy primary (NAIC MDL-120 rule 1).
  const ownIndexes = profile.own?.memberIndexes ?? [];
  const add = (policies: Policy[], status: Coverage['status'], start: Date, end: Date | undefined): void => {
    const from = birthDate.getTime() > start.getTime() ? birthDate : start;
    if (end && from.getTime() > end.getTime()) return;
    for (const policy of policies) {
      const e = enrollmentIn(policy, patientIndex, roleOf);
      if (!e) continue;
      const id = coverageId(patientIndex, out.coverages.length + 1);
      const startText = formatDate(from);
      const endText = end ? formatDate(end) : undefined;
      const order = ownIndexes.includes(patientIndex) && policy !== profile.own ? 2 : 1;
      out.coverages.push(buildCoverage(id, patientIndex, e, status, startText, endText, order));
      out.plans.set(id, policy.plan);
      out.enrollments.push({ enrollment: e, start: startText, end: endText });
    }
  };
  if (profile.prior) add(profile.prior.policies, 'cancelled', profile.prior.period.start, profile.prior.period.end);
  add(profile.policies, 'active', profile.period.start, profile.future ? addDays(profile.future.start, -1) : profile.period.end);
  if (profile.own) add([profile.own], 'active', profile.period.start, profile.period.end);
  if (profile.future) add(profile.future.policies, 'active', profile.future.start, undefined);
  return out;
}
