import type { PopulationConfig } from './config.js';
import {
  COVERAGE_MIX,
  COVERAGE_SCENARIOS,
  ENROLLMENT,
  SPOUSE_SAME_RACE,
  SPOUSE_SHARES_SURNAME,
} from './data/household-composition.js';
import { plansOfKind, type PlanKind, type PlanSpec } from './data/plans.js';
import { HISPANIC_PREFERS_SPANISH, type RaceEthnicityCell } from './data/race-ethnicity.js';
import { AREAS } from './areas.js';
import type { UsCity, UsState } from './data/us-states.js';
import { addDays, addMonths, firstOfMonth, parseDate } from './dates.js';
import { drawRaceEthnicity } from './demographics-engine.js';
import type { PlannedHousehold, PlannedMember } from './households.js';
import { pad, subscriberIdFor } from './ids.js';
import { fictionalPhone } from './phone.js';
import { createRng, type Rng } from './random.js';
import { withCoverageEvents } from './coverage-events.js';
import { fakerFor } from './seeded-faker.js';

/**
 * What the members of a household share: surname, address, phone, race of the parents, and the
 * policies they hold. Drawn from `createRng(seed, 'household-shared', h)` so every member of the
 * household computes the same profile whether generated alone or with the others.
 */

/** One insurance policy: a subscriber and the members enrolled under them. */
export interface Policy {
  plan: PlanSpec;
  /** Patient index of the subscriber (Coverage.subscriber). */
  subscriberIndex: number;
  subscriberId: string;
  groupNumber: string;
  groupName: string;
  /** Patient indexes enrolled, subscriber first; dependent suffix = position + 1, two digits. */
  memberIndexes: number[];
}

export type CoverageScenario = 'current' | 'terminated-then-current' | 'lapsed';

export interface HouseholdProfile {
  surname: string;
  spouseSurname: string;
  state: UsState;
  city: UsCity;
  streetLines: string[];
  homePhone: string;
  subscriberRace: RaceEthnicityCell;
  spouseRace: RaceEthnicityCell;
  prefersSpanish: boolean;
  scenario: CoverageScenario;
  policies: Policy[];
  period: { start: Date; end?: Date };
  /** Set when an earlier coverage was terminated before the current one. */
  prior?: { policies: Policy[]; period: { start: Date; end: Date } };
  /** Set when the household changes plans after the as-of date: the current policies end the day before `start`. */
  future?: { policies: Policy[]; start: Date };
  /** A spouse's own employer policy beside the family policy (coordination of benefits: primary for the spouse). */
  own?: Policy;
}

function coverageKind(rng: Rng, subscriberAge: number): PlanKind {
  const row = COVERAGE_MIX.find((r) => subscriberAge >= r.fromAge && subscriberAge <= r.toAge) ?? COVERAGE_MIX[1];
  const kinds: Array<{ kind: PlanKind; w: number }> = [
    { kind: 'employer', w: row.employer },
    { kind: 'marketplace', w: row.marketplace },
    { kind: 'medicaid', w: row.medicaid },
    { kind: 'medicare', w: row.medicare },
  ];
  return rng.weighted(kinds, (k) => k.w).kind;
}

/** A plan of this kind by enrollment weight; for an earlier coverage, another payer (or at least another plan) when one exists. */
export function pickPlan(rng: Rng, kind: PlanKind, avoid?: PlanSpec): PlanSpec {
  const all = plansOfKind(kind);
  let candidates = all;
  if (avoid) {
    const otherPayer = all.filter((p) => p.payerKey !== avoid.payerKey);
    const otherPlan = all.filter((p) => p.planId !== avoid.planId);
    candidates = otherPayer.length > 0 ? otherPayer : otherPlan.length > 0 ? otherPlan : all;
  }
  return rng.weighted(candidates, (p) => p.enrollmentWeight);
}

interface Sponsor {
  groupNumber: string;
  groupName: string;
}

export function sponsorFor(rng: Rng, plan: PlanSpec, state: UsState): Sponsor {
  switch (plan.kind) {
    case 'employer': {
      const faker = fakerFor(rng.uint32());
      return { groupNumber: `${plan.groupPrefix}${pad(rng.int(100_000, 999_999), 6)}`, groupName: faker.company.name() };
    }
    case 'marketplace':
      return { groupNumber: `${plan.groupPrefix}-${state.code}`, groupName: `Individual Market ${state.name}` };
    case 'medicaid':
      return { groupNumber: `${plan.groupPrefix}-${state.code}`, groupName: `${state.name} Medicaid` };
    case 'medicare':
      return { groupNumber: plan.groupPrefix, groupName: plan.name };
  }
}

/**
 * Splits the household into policies. Family plans cover everyone under the subscriber; Medicare
 * is individual, so each member 65+ is their own subscriber and the others share a marketplace plan.
 */
export function buildPolicies(
  rng: Rng,
  household: PlannedHousehold,
  kind: PlanKind,
  era: 0 | 1,
  state: UsState,
  avoid?: PlanSpec,
): Policy[] {
  const groups: Array<{ kind: PlanKind; members: PlannedMember[] }> = [];
  if (kind === 'medicare') {
    for (const m of household.members) if (m.ageYears >= 65) groups.push({ kind: 'medicare', members: [m] });
    const younger = household.members.filter((m) => m.ageYears < 65);
    if (younger.length > 0) groups.push({ kind: 'marketplace', members: younger });
  } else {
    groups.push({ kind, members: household.members });
  }
  const policies: Policy[] = [];
  let sharedMedicare: { plan: PlanSpec; sponsor: Sponsor } | undefined;
  groups.forEach((g, policyIndex) => {
    let plan: PlanSpec;
    let sponsor: Sponsor;
    if (g.kind === 'medicare' && sharedMedicare) {
      ({ plan, sponsor } = sharedMedicare); // spouses usually pick the same Advantage plan
    } else {
      plan = pickPlan(rng, g.kind, avoid);
      sponsor = sponsorFor(rng, plan, state);
      if (g.kind === 'medicare') sharedMedicare = { plan, sponsor };
    }
    policies.push({
      plan,
      subscriberIndex: g.members[0].patientIndex,
      subscriberId: subscriberIdFor(household.index, policyIndex, era),
      groupNumber: sponsor.groupNumber,
      groupName: sponsor.groupName,
      memberIndexes: g.members.map((m) => m.patientIndex),
    });
  });
  return policies;
}

/** Whole years back coverage may start while every policy holder was eligible (18+, or 65+ for Medicare). */
function maxYearsBack(household: PlannedHousehold, kind: PlanKind): number {
  let years: number = ENROLLMENT.maxYearsBack;
  for (const m of household.members) {
    if (m.role === 'child') continue; // children are enrolled from birth at the latest
    if (m.role === 'subscriber' && m.ageYears < 18) continue;
    const eligibleAt = kind === 'medicare' && m.ageYears >= 65 ? 65 : 18;
    years = Math.min(years, m.ageYears - eligibleAt);
  }
  return Math.max(0, years);
}

function enrollmentStart(rng: Rng, asOf: Date, yearsBack: number): Date {
  const year = asOf.getUTCFullYear() - rng.int(0, yearsBack);
  const month = rng.chance(ENROLLMENT.januaryShare) ? 0 : rng.int(0, 11);
  const start = new Date(Date.UTC(year, month, 1));
  return start.getTime() <= asOf.getTime() ? start : new Date(Date.UTC(year, 0, 1));
}

function computeProfile(config: PopulationConfig, household: PlannedHousehold): HouseholdProfile {
  const rng = createRng(config.seed, 'household-shared', household.index);
  const asOf = parseDate(config.asOf);
  const faker = fakerFor(rng.uint32());
  const surname = faker.person.lastName();
  const spouseSurname = rng.chance(SPOUSE_SHARES_SURNAME) ? surname : faker.person.lastName();
  const { state, city } = AREAS[household.area]; // drawn with the household plan, where the directory sees it
  const streetLines = [faker.location.streetAddress()];
  if (rng.chance(0.15)) streetLines.push(faker.location.secondaryAddress());
  const homePhone = fictionalPhone(rng, city);
  const subscriberRace = drawRaceEthnicity(rng);
  const spouseRace = rng.chance(SPOUSE_SAME_RACE) ? subscriberRace : drawRaceEthnicity(rng);
  const prefersSpanish = subscriberRace.hispanic && rng.chance(HISPANIC_PREFERS_SPANISH);

  const subscriber = household.members[0];
  const kind = coverageKind(rng, subscriber.ageYears);
  const policies = buildPolicies(rng, household, kind, 0, state);
  const years = maxYearsBack(household, kind);
  const youngest = Math.min(...household.members.map((m) => m.ageYears));
  const r = rng.next();
  const thisMonth = firstOfMonth(asOf);
  if (r < COVERAGE_SCENARIOS.terminatedThenCurrent && years >= 3) {
    const start = addMonths(thisMonth, -rng.int(3, 12 * years - 12));
    const priorStart = addMonths(start, -rng.int(12, Math.min(48, 12 * years - monthsBetween(start, thisMonth))));
    const prior = buildPolicies(rng, household, kind, 1, state, policies[0].plan);
    return {
      surname, spouseSurname, state, city, streetLines, homePhone, subscriberRace, spouseRace, prefersSpanish,
      scenario: 'terminated-then-current',
      policies,
      period: { start },
      prior: { policies: prior, period: { start: priorStart, end: addDays(start, -1) } },
    };
  }
  if (r < COVERAGE_SCENARIOS.terminatedThenCurrent + COVERAGE_SCENARIOS.lapsed && years >= 2 && youngest >= 1) {
    const end = addDays(addMonths(thisMonth, -rng.int(0, 9)), -1);
    const start = addMonths(firstOfMonth(end), -rng.int(6, 12 * years - 12));
    return {
      surname, spouseSurname, state, city, streetLines, homePhone, subscriberRace, spouseRace, prefersSpanish,
      scenario: 'lapsed',
      policies,
      period: { start, end },
    };
  }
  return {
    surname, spouseSurname, state, city, streetLines, homePhone, subscriberRace, spouseRace, prefersSpanish,
    scenario: 'current',
    policies,
    period: { start: enrollmentStart(rng, asOf, years) },
  };
}

function monthsBetween(from: Date, to: Date): number {
  return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
}

// Consecutive patients usually share a household: remember the last profile. Pure, so caching
// cannot change output.
let last: { key: string; profile: HouseholdProfile } | undefined;

/** The shared profile of a household (memoised for the most recent household); its policies become Coverages (https://hl7.org/fhir/R4/coverage.html). */
export function householdProfile(config: PopulationConfig, household: PlannedHousehold): HouseholdProfile {
  const key = JSON.stringify([config.seed, config.patients, config.asOf, config.state ?? null, config.minAge ?? null, config.maxAge ?? null, household.index]);
  if (last?.key === key) return last.profile;
  const profile = withCoverageEvents(config, household, computeProfile(config, household));
  last = { key, profile };
  return profile;
}
