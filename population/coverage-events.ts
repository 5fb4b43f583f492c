import type { PopulationConfig } from './config.js';
import { FUTURE_PLAN_CHANGE_SHARE, SPOUSE_DUAL_COVERAGE_SHARE } from './data/coverage-events.js';
import { addMonths, firstOfMonth, parseDate } from './dates.js';
import { buildPolicies, pickPlan, sponsorFor, type HouseholdProfile } from './household-profile.js';
import type { PlannedHousehold } from './households.js';
import { subscriberIdFor } from './ids.js';
import { createRng } from './random.js';

/** Policy slot of a spouse's own policy in subscriberIdFor (family policies use 0-2). */
const OWN_POLICY_SLOT = 3;

/**
 * Adds the coverage events of a household (data/coverage-events.ts): a plan change effective the 1st of the month
 * after the as-of date, and a spouse's own employer coverage (coordination of benefits). Drawn from
 * `createRng(seed, 'coverage-events', h)` so every other draw of the household stays the same. Only households with
 * one continuous current coverage get them (the era-1 subscriber ids are then free for the new policies).
 */
export function withCoverageEvents(config: PopulationConfig, household: PlannedHousehold, profile: HouseholdProfile): HouseholdProfile {
  if (profile.scenario !== 'current') return profile;
  const rng = createRng(config.seed, 'coverage-events', household.index);
  const changes = rng.chance(FUTURE_PLAN_CHANGE_SHARE);
  const dual = rng.chance(SPOUSE_DUAL_COVERAGE_SHARE);
  const out: HouseholdProfile = { ...profile };
  const family = profile.policies[0];
  const spouse = household.members.find((m) => m.role === 'spouse' && m.ageYears >= 18 && m.ageYears < 65);
  if (dual && family.plan.kind === 'employer' && spouse && family.memberIndexes.includes(spouse.patientIndex)) {
    const plan = pickPlan(rng, 'employer', family.plan);
    const sponsor = sponsorFor(rng, plan, profile.state);
    out.own = {
      plan,
      subscriberIndex: spouse.patientIndex,
      subscriberId: subscriberIdFor(household.index, OWN_POLICY_SLOT, 0),
      groupNumber: sponsor.groupNumber,
      groupName: sponsor.groupName,
      memberIndexes: [spouse.patientIndex],
    };
  }
  if (changes) {
    const start = addMonths(firstOfMonth(parseDate(config.asOf)), 1);
    out.future = { policies: buildPolicies(rng, household, family.plan.kind, 1, profile.state, family.plan), start };
  }
  return out;
}
