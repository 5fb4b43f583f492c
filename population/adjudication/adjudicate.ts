import type { Claim, CodeableConcept, ExplanationOfBenefit } from 'fhir/r4';
import { ADJUDICATION, CODE_SYSTEM, IDENTIFIER } from '../conventions.js';
import type { Accumulators, AdjudicationInput, AdjudicationResult } from '../model.js';
import { createRng } from '../random.js';
import { DENIAL_RULES } from '../data/claims/denials.js';
import {
  OFFICE_EM_CODES,
  PLACE_OF_SERVICE,
  PREVENTIVE_CODES,
  PREVENTIVE_DIAGNOSIS_PREFIXES,
  PRIMARY_CARE_TAXONOMIES,
  REVENUE_CODE,
} from '../data/claims/billing.js';
import { allowedCents, type ClaimKind } from './allowed-amount.js';
import { dentalLineShare } from './dental-share.js';
import { drugAllowedCents, drugCopayCents, ndcOf } from './drug-share.js';
import { toCents, usd } from './money.js';
import { eobHeader } from './eob-header.js';
import { paymentTraceNumber } from './payment-trace.js';
import { claimCoding } from '../claims/code-display.js';

type EobItem = NonNullable<ExplanationOfBenefit['item']>[number];
type EobAdjudication = NonNullable<EobItem['adjudication']>[number];
type ClaimItem = NonNullable<Claim['item']>[number];

const CATEGORY = {
  submitted: { coding: [ADJUDICATION.submitted] },
  eligible: { coding: [ADJUDICATION.eligible] },
  deductible: { coding: [ADJUDICATION.deductible] },
  copay: { coding: [ADJUDICATION.copay] },
  coinsurance: { coding: [ADJUDICATION.coinsurance] },
  benefit: { coding: [ADJUDICATION.benefit] },
} satisfies Record<string, CodeableConcept>;
type Bucket = keyof typeof CATEGORY;
const PAYMENT_COMPLETE = { coding: [{ system: CODE_SYSTEM.paymentType, code: 'complete' }] };
const BUCKETS = Object.keys(CATEGORY) as Bucket[];

/** Per-line member cost share rule, decided from codes alone so inbound 837s adjudicate like generated claims. */
type CostShare = 'preventive' | 'copayPrimaryCare' | 'copaySpecialist' | 'copayEmergency' | 'copayUrgentCare' | 'deductible' | 'drugCopay';

function firstCode(concept: CodeableConcept | undefined, system?: string): string | undefined {
  const codings = concept?.coding;
  if (!codings) return undefined;
  for (const c of codings) if (system === undefined || c.system === system) return c.code;
  return undefined;
}

function serviceDate(item: ClaimItem, claim: Claim): string {
  return (item.servicedDate ?? item.servicedPeriod?.start ?? claim.billablePeriod?.start ?? claim.created).slice(0, 10);
}

function inPeriod(date: string, period: { start?: string; end?: string } | undefined): boolean {
  if (!period) return true;
  if (period.start && date < period.start.slice(0, 10)) return false;
  if (period.end && date > period.end.slice(0, 10)) return false;
  return true;
}

function costShareOf(claim: Claim, kind: ClaimKind, item: ClaimItem, code: string | undefined): CostShare {
  if (code && PREVENTIVE_CODES.has(code)) return 'preventive';
  const pointer = item.diagnosisSequence?.[0];
  if (pointer !== undefined) {
    const dx = claim.diagnosis?.find((d) => d.sequence === pointer);
    const icd = firstCode(dx?.diagnosisCodeableConcept, CODE_SYSTEM.icd10cm);
    if (icd && PREVENTIVE_DIAGNOSIS_PREFIXES.some((p) => icd.startsWith(p))) return 'preventive';
  }
  if (kind === 'institutional') {
    const revenue = firstCode(item.revenue);
    return revenue?.startsWith(REVENUE_CODE.emergencyRoom.slice(0, 3)) ? 'copayEmergency' : 'deductible';
  }
  if (code && OFFICE_EM_CODES.has(code)) {
    const pos = firstCode(item.locationCodeableConcept);
    if (pos === PLACE_OF_SERVICE.urgentCare) return 'copayUrgentCare';
    const careTeam = claim.careTeam?.find((c) => c.sequence === (item.careTeamSequence?.[0] ?? 1)) ?? claim.careTeam?.[0];
    const taxonomy = firstCode(careTeam?.qualification, CODE_SYSTEM.nuccTaxonomy);
    return taxonomy === undefined || PRIMARY_CARE_TAXONOMIES.has(taxonomy) ? 'copayPrimaryCare' : 'copaySpecialist';
  }
  return 'deductible';
}

/** An amount in one bucket: a line's adjudication entry or one of the EOB's totals. */
type Entry = { category: CodeableConcept; amount: ReturnType<typeof usd> };

/** Zero-amount entries, one per bucket, shared (most lines have no deductible, copay or coinsurance; see money.ts usd). */
const ZERO_ENTRY = Object.fromEntries(BUCKETS.map((bucket) => [bucket, { category: CATEGORY[bucket], amount: usd(0) }])) as Record<Bucket, Entry>;

function entry(bucket: Bucket, cents: number): Entry {
  return cents === 0 ? ZERO_ENTRY[bucket] : { category: CATEGORY[bucket], amount: usd(cents) };
}

function denialEntry(group: string, carc: string, cents: number): EobAdjudication {
  return {
    category: { coding: [claimCoding(ADJUDICATION.adjustmentGroupSystem, group)] },
    reason: { coding: [claimCoding(ADJUDICATION.adjustmentReasonSystem, carc)] },
    amount: usd(cents),
  };
}

type Plan = AdjudicationInput['plan'];
type Denial = { group: string; carc: string };

/**
 * The member's and the family's running totals towards this plan year's limits, in cents, updated as lines adjudicate
 * in order (embedded family deductible: each member's share counts toward both; either limit reached satisfies it).
 */
interface Ledger {
  deductibleMet: number;
  outOfPocketMet: number;
  familyDeductibleMet: number;
  familyOutOfPocketMet: number;
  deductibleLimit: number;
  oopLimit: number;
  familyDeductibleLimit: number;
  familyOopLimit: number;
  /** One copay per visit: set once a line has taken it. */
  copayTaken: boolean;
}

/** Everything a line's adjudication reads besides the line itself; `ledger` and `totals` it also updates. */
interface ClaimContext {
  claim: Claim;
  kind: ClaimKind;
  /** A dental claim (type oral): lines follow the dental benefit, not the medical deductible and copays. */
  oral: boolean;
  /** A pharmacy claim (Claim.type pharmacy): priced by NDC, tier copay (data/claims/drug-benefit.ts). */
  pharmacy: boolean;
  plan: Plan;
  claimDenial: Denial | undefined;
  ledger: Ledger;
  totals: Record<Bucket, number>;
}

/** A whole-claim denial: no active coverage on a service date, else a seeded missing-information roll. */
function claimDenialOf(claim: Claim, coverage: AdjudicationInput['coverage'], items: ClaimItem[], claimRoll: number, pharmacy: boolean): Denial | undefined {
  const covered = coverage.status !== 'entered-in-error' && coverage.status !== 'draft';
  if (!covered || items.some((item) => !inPeriod(serviceDate(item, claim), coverage.period))) return DENIAL_RULES.coverageTerminated;
  // A pharmacy claim is adjudicated at the counter: a rejected one is not dispensed, so a filled one was paid.
  if (!pharmacy && claimRoll < DENIAL_RULES.missingInformation.claimRate) return DENIAL_RULES.missingInformation;
  return undefined;
}

/** What is left of the member's and the family's out-of-pocket maximum, in cents. */
function oopLeft(ledger: Ledger): number {
  return Math.max(0, Math.min(ledger.oopLimit - ledger.outOfPocketMet, ledger.familyOopLimit - ledger.familyOutOfPocketMet));
}

/**
 * A covered line's member share: preventive is free, one copay per visit (a drug's tier copay: `drugCopay` cents),
 * else deductible then coinsurance, capped by the out-of-pocket maximum. Copays count toward the out-of-pocket
 * maximum, not the deductible.
 */
function memberShare(ledger: Ledger, plan: Plan, share: CostShare, eligible: number, drugCopay = 0): { deductible: number; copay: number; coinsurance: number } {
  let deductible = 0, copay = 0, coinsurance = 0;
  const deductibleLeft = Math.max(0, Math.min(ledger.deductibleLimit - ledger.deductibleMet, ledger.familyDeductibleLimit - ledger.familyDeductibleMet));
  const planCopay = share === 'drugCopay' ? drugCopay : share === 'preventive' || share === 'deductible' ? 0 : toCents(plan[share]);
  if (share === 'preventive') {
    // Covered in full.
  } else if (planCopay > 0) {
    // One copay per visit; further lines of the same visit are covered by it.
    if (!ledger.copayTaken) copay = Math.min(planCopay, eligible, oopLeft(ledger));
    ledger.copayTaken = true;
  } else {
    deductible = Math.min(eligible, deductibleLeft, oopLeft(ledger));
    ledger.deductibleMet += deductible;
    ledger.familyDeductibleMet += deductible;
    ledger.outOfPocketMet += deductible;
    ledger.familyOutOfPocketMet += deductible;
    coinsurance = Math.min(Math.round((eligible - deductible) * plan.coinsurance), oopLeft(ledger));
  }
  ledger.outOfPocketMet += copay + coinsurance;
  ledger.familyOutOfPocketMet += copay + coinsurance;
  return { deductible, copay, coinsurance };
}

/** The EOB line: the claim line's billing fields, in the order the EOB carries them, with its adjudication. */
function eobLine(item: ClaimItem, claim: Claim, adjudication: EobAdjudication[]): EobItem {
  const out: EobItem = { sequence: item.sequence, productOrService: item.productOrService };
  if (item.revenue) out.revenue = item.revenue;
  if (item.bodySite) out.bodySite = item.bodySite;
  if (item.subSite) out.subSite = item.subSite;
  if (item.modifier) out.modifier = item.modifier;
  out.servicedDate = serviceDate(item, claim);
  if (item.locationCodeableConcept) out.locationCodeableConcept = item.locationCodeableConcept;
  if (item.quantity) out.quantity = item.quantity;
  if (item.net) out.net = item.net;
  if (item.diagnosisSequence) out.diagnosisSequence = item.diagnosisSequence;
  out.adjudication = adjudication;
  return out;
}

/** Adjudicates one line (denied with the claim, by a seeded non-covered roll, or priced and cost-shared). */
function adjudicateLine(c: ClaimContext, item: ClaimItem, roll: readonly [number, number]): EobItem {
  const { claim, kind, plan, totals } = c;
  const code = firstCode(item.productOrService, CODE_SYSTEM.cpt) ?? firstCode(item.productOrService, CODE_SYSTEM.hcpcs) ?? firstCode(item.productOrService, CODE_SYSTEM.cdt);
  const revenue = firstCode(item.revenue);
  const quantity = item.quantity?.value ?? 1;
  const submitted = toCents(item.net?.value ?? (item.unitPrice?.value ?? 0) * quantity);
  let eligible = 0, deductible = 0, copay = 0, coinsurance = 0;
  let denial: Denial | undefined = c.claimDenial;
  if (!denial && !c.pharmacy && roll[0] < DENIAL_RULES.nonCoveredLine.lineRate) {
    const carcs = DENIAL_RULES.nonCoveredLine.carcs;
    denial = { group: DENIAL_RULES.nonCoveredLine.group, carc: carcs[Math.floor(roll[1] * carcs.length)] };
  }
  if (!denial && c.oral) {
    ({ eligible, coinsurance } = dentalLineShare(code, submitted));
  } else if (!denial && c.pharmacy) {
    eligible = drugAllowedCents(ndcOf(item), quantity, submitted);
    const drugCopay = drugCopayCents(claim, item, plan.type);
    ({ deductible, copay, coinsurance } = memberShare(c.ledger, plan, drugCopay === undefined ? 'deductible' : 'drugCopay', eligible, drugCopay));
  } else if (!denial) {
    eligible = allowedCents(kind, plan.type, code, revenue, quantity, submitted);
    ({ deductible, copay, coinsurance } = memberShare(c.ledger, plan, costShareOf(claim, kind, item, code), eligible));
  }
  const benefit = eligible - deductible - coinsurance - copay;
  const adjudication: EobAdjudication[] = [
    entry('submitted', submitted), entry('eligible', eligible), entry('deductible', deductible),
    entry('copay', copay), entry('coinsurance', coinsurance), entry('benefit', benefit),
  ];
  if (denial) adjudication.push(denialEntry(denial.group, denial.carc, submitted));
  totals.submitted += submitted; totals.eligible += eligible; totals.deductible += deductible;
  totals.copay += copay; totals.coinsurance += coinsurance; totals.benefit += benefit;
  return eobLine(item, claim, adjudication);
}

/** The ExplanationOfBenefit around adjudicated lines and their totals (key order is the serialized order). */
function explanationOfBenefit(input: AdjudicationInput, claimDenial: Denial | undefined, eobItems: EobItem[], totals: Record<Bucket, number>): ExplanationOfBenefit {
  const { claim, coverage, eobId, processedDate } = input;
  const insurer = claim.insurer ?? coverage.payor[0];
  const eob = eobHeader(claim, coverage, eobId, processedDate, 'complete');
  if (claimDenial) {
    eob.adjudication = [{
      category: { coding: [{ system: CODE_SYSTEM.c4bbAdjudicationDiscriminator, code: 'denialreason' }] },
      reason: { coding: [claimCoding(ADJUDICATION.adjustmentReasonSystem, claimDenial.carc)] },
    }];
  }
  // Claim.careTeam entries have exactly the EOB.careTeam shape (sequence, provider, role, qualification).
  if (claim.careTeam) eob.careTeam = claim.careTeam;
  if (claim.diagnosis) eob.diagnosis = claim.diagnosis;
  if (claim.prescription) eob.prescription = claim.prescription;
  if (claim.supportingInfo) eob.supportingInfo = claim.supportingInfo;
  eob.item = eobItems;
  eob.total = BUCKETS.map((bucket) => entry(bucket, totals[bucket]));
  eob.payment = {
    type: PAYMENT_COMPLETE,
    date: processedDate,
    amount: usd(totals.benefit),
    identifier: { system: IDENTIFIER.paymentTrace, value: paymentTraceNumber(insurer.reference ?? '', claim.provider.reference ?? '', processedDate) },
  };
  return eob;
}

/**
 * Adjudicates a Claim against its Coverage and plan benefits into an ExplanationOfBenefit (pure; the generator
 * and the inbound 837 path share it). Amounts follow population/conventions.ts ADJUDICATION.
 * https://hl7.org/fhir/R4/explanationofbenefit.html
 */
export function adjudicateClaim(input: AdjudicationInput): AdjudicationResult {
  const { claim, coverage, plan } = input;
  const pcn = claim.identifier?.find((i) => i.system === IDENTIFIER.patientControlNumber)?.value ?? claim.id ?? '';
  const rng = createRng(pcn);
  const claimType = firstCode(claim.type, CODE_SYSTEM.claimType);
  const kind: ClaimKind = claimType === 'institutional' ? 'institutional' : 'professional';
  const pharmacy = claimType === 'pharmacy';
  const items = claim.item ?? [];
  const firstDate = items.length > 0 ? serviceDate(items[0], claim) : (claim.billablePeriod?.start ?? claim.created).slice(0, 10);
  const planYear = Number(firstDate.slice(0, 4));

  const sameYear = input.accumulators.planYear === planYear;
  const met = input.accumulators;
  const ledger: Ledger = {
    deductibleMet: sameYear ? toCents(met.deductibleMet) : 0,
    outOfPocketMet: sameYear ? toCents(met.outOfPocketMet) : 0,
    familyDeductibleMet: sameYear ? toCents(met.familyDeductibleMet) : 0,
    familyOutOfPocketMet: sameYear ? toCents(met.familyOutOfPocketMet) : 0,
    deductibleLimit: toCents(plan.deductibleIndividual),
    oopLimit: toCents(plan.outOfPocketMaxIndividual),
    // A plan without a family tier (family limit 0 or below the individual one) is limited by the individual amounts.
    familyDeductibleLimit: toCents(Math.max(plan.deductibleFamily, plan.deductibleIndividual)),
    familyOopLimit: toCents(Math.max(plan.outOfPocketMaxFamily, plan.outOfPocketMaxIndividual)),
    copayTaken: false,
  };

  // Rolls are drawn in a fixed order whatever the outcome, so the same claim always adjudicates the same way.
  const claimRoll = rng.next();
  const lineRolls = items.map(() => [rng.next(), rng.next()] as const);

  const claimDenial = claimDenialOf(claim, coverage, items, claimRoll, pharmacy);
  const totals: Record<Bucket, number> = { submitted: 0, eligible: 0, deductible: 0, copay: 0, coinsurance: 0, benefit: 0 };
  const oral = firstCode(claim.type, CODE_SYSTEM.claimType) === 'oral';
  const context: ClaimContext = { claim, kind, oral, pharmacy, plan, claimDenial, ledger, totals };
  const eobItems = items.map((item, index) => adjudicateLine(context, item, lineRolls[index]));
  const eob = explanationOfBenefit(input, claimDenial, eobItems, totals);

  const accumulators: Accumulators = {
    planYear,
    deductibleMet: ledger.deductibleMet / 100,
    outOfPocketMet: ledger.outOfPocketMet / 100,
    familyDeductibleMet: ledger.familyDeductibleMet / 100,
    familyOutOfPocketMet: ledger.familyOutOfPocketMet / 100,
  };
  return { eob, accumulators };
}
