import type { Claim, Coverage, ExplanationOfBenefit, Resource } from 'fhir/r4';
import { adjudicateClaim } from '../adjudication/adjudicate.js';
import { pendedEob } from '../adjudication/pended.js';
import { secondaryEob } from '../adjudication/secondary.js';
import type { Accumulators, PlanBenefits } from '../model.js';

/**
 * A claim waiting for adjudication, and the index of its ExplanationOfBenefit in the member's record. Every field is
 * always present (one object shape for medical, dental and pharmacy claims: adjudicateFamily is not deoptimized by each).
 */
export interface PendingClaim {
  claim: Claim;
  coverage: Coverage;
  plan: PlanBenefits;
  /** First day of service, YYYY-MM-DD (orders the family's claims and picks the plan year). */
  serviceDate: string;
  processedDate: string;
  slot: number;
  /** Still under review on the as-of date: its EOB is queued and it counts toward no accumulator. */
  pended: boolean;
  /** The secondary coverage under coordination of benefits, and the slot of its EOB (after the primary's). */
  secondary: { coverage: Coverage; plan: PlanBenefits; slot: number } | undefined;
}

/** One member's record with its claims still to adjudicate. */
export interface ClinicalParts {
  resources: Resource[];
  pending: PendingClaim[];
}

/** Stands in a record for an EOB until adjudicateFamily replaces it (never left in a finished record). */
export const EOB_PLACEHOLDER: ExplanationOfBenefit = Object.freeze({ resourceType: 'ExplanationOfBenefit' }) as ExplanationOfBenefit;

type Totals = Pick<Accumulators, 'planYear' | 'deductibleMet' | 'outOfPocketMet'>;

function inYear(totals: Totals | undefined, planYear: number): Totals {
  return totals?.planYear === planYear ? totals : { planYear, deductibleMet: 0, outOfPocketMet: 0 };
}

/** A member's and the family's totals as adjudication reads them (a literal, not a spread: see adjudication/eob-header.ts). */
function accumulatorsOf(own: Totals, fam: Totals): Accumulators {
  return { planYear: own.planYear, deductibleMet: own.deductibleMet, outOfPocketMet: own.outOfPocketMet, familyDeductibleMet: fam.deductibleMet, familyOutOfPocketMet: fam.outOfPocketMet };
}

/**
 * Adjudicates the claims of the members of one household in service-date order (member order, then record order, on
 * the same day) with an embedded family deductible and out-of-pocket maximum: each member's cost share counts toward
 * the member's own accumulators (per Coverage) and the family's (per subscriber and plan), and a member's limit is
 * met when either is (the self-only out-of-pocket limit applies to each person in family coverage: HHS Notice of Benefit and Payment Parameters for 2016, 80 FR 10750). Fills each claim's EOB slot.
 */
export function adjudicateFamily(members: readonly ClinicalParts[]): void {
  const queue = members.flatMap((m, member) => m.pending.map((p) => ({ p, member })));
  queue.sort((a, b) => (a.p.serviceDate < b.p.serviceDate ? -1 : a.p.serviceDate > b.p.serviceDate ? 1 : a.member - b.member || a.p.slot - b.p.slot));
  const individual = new Map<string, Totals>();
  const family = new Map<string, Totals>();
  for (const { p, member } of queue) {
    const eobId = (p.claim.id ?? '').replace(/^clm-/, 'eob-');
    if (p.pended) {
      members[member].resources[p.slot] = pendedEob(p.claim, p.coverage, eobId);
      continue;
    }
    const planYear = Number(p.serviceDate.slice(0, 4));
    const memberKey = `${member}|${p.coverage.id ?? ''}`;
    const familyKey = `${p.coverage.subscriber?.reference ?? memberKey}|${p.plan.planId}`;
    const { eob, accumulators } = adjudicateClaim({
      claim: p.claim, coverage: p.coverage, plan: p.plan,
      accumulators: accumulatorsOf(inYear(individual.get(memberKey), planYear), inYear(family.get(familyKey), planYear)),
      eobId,
      processedDate: p.processedDate,
    });
    individual.set(memberKey, { planYear: accumulators.planYear, deductibleMet: accumulators.deductibleMet, outOfPocketMet: accumulators.outOfPocketMet });
    family.set(familyKey, { planYear: accumulators.planYear, deductibleMet: accumulators.familyDeductibleMet, outOfPocketMet: accumulators.familyOutOfPocketMet });
    members[member].resources[p.slot] = eob;
    if (p.secondary) {
      // The secondary's own accumulators are read, not advanced: a simplification of coordination of benefits.
      const s = p.secondary;
      const sOwn = inYear(individual.get(`${member}|${s.coverage.id ?? ''}`), planYear);
      const sFam = inYear(family.get(`${s.coverage.subscriber?.reference ?? ''}|${s.plan.planId}`), planYear);
      members[member].resources[s.slot] = secondaryEob({
        claim: p.claim, coverage: s.coverage, plan: s.plan,
        accumulators: accumulatorsOf(sOwn, sFam),
        eobId: `${eobId}-s`,
        processedDate: p.processedDate,
      }, eob, p.coverage);
    }
  }
}
