import type { PopulationConfig } from './config.js';
import {
  ADULT_DEPENDENT_WEIGHT,
  CHILDREN_AGE_WINDOW,
  CHILDREN_COUNT,
  MAX_DEPENDENT_AGE,
  MIN_PARENT_CHILD_AGE_GAP,
  SAME_SEX_SPOUSE_SHARE,
  SPOUSE_AGE_GAP,
  SPOUSE_PROBABILITY_BY_AGE,
} from './data/household-composition.js';
import { drawArea } from './areas.js';
import { stateByCode } from './data/us-states.js';
import { OLDEST_AGE, censusAgeWeight, drawAge, drawSex } from './demographics-engine.js';
import { householdId } from './ids.js';
import type { Household, HouseholdMember } from './model.js';
import { createRng, type Rng } from './random.js';

/**
 * Households: who lives together and shares a policy. The plan is a cheap pass over the population
 * (a few draws per household from `createRng(seed, 'household', h)`); everything else about a
 * household (surname, address, plan) is drawn later from its own stream when a member is generated.
 */

/** A planned member: role plus the age and sex the plan fixed for them. */
export interface PlannedMember extends HouseholdMember {
  ageYears: number;
  sex: 'male' | 'female';
}

export interface PlannedHousehold extends Household {
  members: PlannedMember[];
  /** Index in AREAS of where the household lives: the directory builds its network from these. */
  area: number;
}

interface AgeRange {
  lo: number;
  hi: number;
}

function ageRange(config: PopulationConfig): AgeRange {
  return { lo: config.minAge ?? 0, hi: Math.min(config.maxAge ?? OLDEST_AGE, OLDEST_AGE) };
}

function spouseProbability(age: number): number {
  for (const row of SPOUSE_PROBABILITY_BY_AGE) if (age >= row.from && age <= row.to) return row.p;
  return 0;
}

function censusWeightBetween(lo: number, hi: number): number {
  let w = 0;
  for (let a = lo; a <= hi; a++) w += censusAgeWeight(a);
  return w;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Roles, ages and sexes of one household, before truncation to the population size. */
function planMembers(rng: Rng, range: AgeRange): Array<Omit<PlannedMember, 'patientIndex'>> {
  const adultLo = Math.max(18, range.lo);
  // When no parent of a minor fits in the age range (e.g. 17-19), minors enter as their own
  // subscribers in proportion to their Census weight instead of disappearing.
  const parentsImpossible = range.lo < 18 && range.hi < Math.max(18, range.lo + MIN_PARENT_CHILD_AGE_GAP);
  const minorsAlone =
    adultLo > range.hi || (parentsImpossible && rng.chance(censusWeightBetween(range.lo, 17) / censusWeightBetween(range.lo, range.hi)));
  if (minorsAlone) {
    // A child is their own subscriber (Medicaid/CHIP enrolls children individually).
    const age = drawAge(rng, range.lo, Math.min(range.hi, 17)) ?? range.lo;
    return [{ role: 'subscriber', ageYears: age, sex: drawSex(rng, age) }];
  }
  const subAge = drawAge(rng, adultLo, range.hi) ?? adultLo;
  const subSex = drawSex(rng, subAge);
  const members: Array<Omit<PlannedMember, 'patientIndex'>> = [{ role: 'subscriber', ageYears: subAge, sex: subSex }];
  let youngestParent = subAge;
  if (rng.chance(spouseProbability(subAge))) {
    const sameSex = rng.chance(SAME_SEX_SPOUSE_SHARE);
    const spouseSex = sameSex ? subSex : subSex === 'male' ? 'female' : 'male';
    const gap = spouseSex === subSex ? 0 : subSex === 'male' ? -SPOUSE_AGE_GAP.meanYears : SPOUSE_AGE_GAP.meanYears;
    const spouseAge = clamp(Math.round(rng.normal(subAge + gap, SPOUSE_AGE_GAP.sdYears)), adultLo, range.hi);
    members.push({ role: 'spouse', ageYears: spouseAge, sex: spouseSex });
    youngestParent = Math.min(youngestParent, spouseAge);
  }
  if (subAge >= CHILDREN_AGE_WINDOW.from && subAge <= CHILDREN_AGE_WINDOW.to) {
    const count = rng.weighted(CHILDREN_COUNT, (c) => c.p).count;
    const childHi = Math.min(range.hi, MAX_DEPENDENT_AGE, youngestParent - MIN_PARENT_CHILD_AGE_GAP);
    const ages: number[] = [];
    for (let k = 0; k < count; k++) {
      const age = drawAge(rng, range.lo, childHi, (a) => (a >= 18 ? ADULT_DEPENDENT_WEIGHT : 1));
      if (age !== undefined) ages.push(age);
    }
    ages.sort((a, b) => b - a); // oldest child first, as on an enrollment form
    for (const age of ages) members.push({ role: 'child', ageYears: age, sex: drawSex(rng, age) });
  }
  return members;
}

/** Plans every household of the population in order (https://hl7.org/fhir/R4/coverage.html, subscriber/dependents). */
export function planHouseholds(config: PopulationConfig): PlannedHousehold[] {
  return cachedPlan(config).households;
}

interface HouseholdPlan {
  households: PlannedHousehold[];
  /** Household index of each patient index. */
  householdOf: Int32Array;
  /** Position of each patient within its household's members. */
  positionOf: Int32Array;
}

function computePlan(config: PopulationConfig): HouseholdPlan {
  const range = ageRange(config);
  const only = config.state === undefined ? undefined : stateByCode(config.state);
  if (config.state !== undefined && !only) throw new Error(`unknown US state code ${config.state}`);
  const households: PlannedHousehold[] = [];
  const householdOf = new Int32Array(config.patients);
  const positionOf = new Int32Array(config.patients);
  let next = 0;
  for (let h = 0; next < config.patients; h++) {
    const rng = createRng(config.seed, 'household', h);
    const planned = planMembers(rng, range);
    const area = drawArea(rng, only).index;
    const members: PlannedMember[] = [];
    for (const m of planned) {
      if (next >= config.patients) break; // the last household is cut to fit the population size
      householdOf[next] = h;
      positionOf[next] = members.length;
      members.push({ patientIndex: next++, ...m });
    }
    households.push({ index: h, id: householdId(h), members, area });
  }
  return { households, householdOf, positionOf };
}

// The plan depends only on these config fields; a tiny cache lets every patient look up its
// household in O(1) after one pass (per thread) without changing any output.
const cache = new Map<string, HouseholdPlan>();

function cachedPlan(config: PopulationConfig): HouseholdPlan {
  const key = JSON.stringify([config.seed, config.patients, config.state ?? null, config.minAge ?? null, config.maxAge ?? null]);
  let plan = cache.get(key);
  if (!plan) {
    plan = computePlan(config);
    if (cache.size >= 4) cache.delete(cache.keys().next().value as string);
    cache.set(key, plan);
  }
  return plan;
}

/** The household of a patient and the patient's place in it (Coverage.subscriber/dependent, https://hl7.org/fhir/R4/coverage.html). */
export function householdOfPatient(
  config: PopulationConfig,
  patientIndex: number,
): { household: PlannedHousehold; member: PlannedMember } {
  if (!Number.isInteger(patientIndex) || patientIndex < 0 || patientIndex >= config.patients) {
    throw new RangeError(`patient index ${patientIndex} is outside 0..${config.patients - 1}`);
  }
  const plan = cachedPlan(config);
  const household = plan.households[plan.householdOf[patientIndex]];
  return { household, member: household.members[plan.positionOf[patientIndex]] };
}
