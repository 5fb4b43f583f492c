import type { Coverage, ExplanationOfBenefit } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../population/generate.js';
import { generatePatientRecord } from '../../population/generate-patient.js';
import type { PopulationConfig } from '../../population/config.js';
import { PLANS } from '../../population/data/plans.js';
import { patientId } from '../../population/ids.js';

// Family deductibles and out-of-pocket maximums (issue 16): members' cost shares add up per family within the limits.
const config: PopulationConfig = { seed: 'family', patients: 300, asOf: '2026-01-01', historyYears: 3, includeAddress: true };
const { resources, directory } = generatePopulation(config);
const coverages = new Map(resources.filter((r): r is Coverage => r.resourceType === 'Coverage').map((c) => [`Coverage/${c.id ?? ''}`, c]));
const planOf = (c: Coverage | undefined): string => c?.class?.find((k) => k.type.coding?.[0]?.code === 'plan')?.value ?? '';
const PLAN_BY_ID = new Map(PLANS.map((p) => [p.planId, p]));

/** Deductible and out-of-pocket by member and by family (subscriber, plan, year), in cents. */
function totals(): { members: Map<string, [number, number, string]>; families: Map<string, [number, number, string]> } {
  const members = new Map<string, [number, number, string]>();
  const families = new Map<string, [number, number, string]>();
  for (const r of resources) {
    if (r.resourceType !== 'ExplanationOfBenefit') continue;
    const eob = r as ExplanationOfBenefit;
    // Dental EOBs follow the dental benefit's own cost sharing, outside the medical deductible and out-of-pocket limits.
    if (eob.type.coding?.[0]?.code === 'oral') continue;
    const coverage = coverages.get(eob.insurance[0].coverage.reference ?? '');
    const plan = planOf(coverage);
    // A claim accrues to the plan year of its first service date (as adjudication applies it).
    const year = (eob.item?.[0]?.servicedDate ?? '').slice(0, 4);
    for (const item of eob.item ?? []) {
      const amount = (code: string): number => Math.round((item.adjudication?.find((a) => !a.reason && a.category.coding?.[0]?.code === code)?.amount?.value ?? 0) * 100);
      const deductible = amount('deductible');
      const oop = deductible + amount('copay') + amount('coinsurance');
      for (const [map, key] of [[members, `${eob.patient.reference}|${plan}|${year}`], [families, `${coverage?.subscriber?.reference}|${plan}|${year}`]] as const) {
        const t = map.get(key) ?? [0, 0, plan];
        map.set(key, [t[0] + deductible, t[1] + oop, plan]);
      }
    }
  }
  return { members, families };
}

describe('family accumulators in the generated population', () => {
  const { members, families } = totals();

  it('no member pays more than the individual limits and no family more than the family limits in a plan year', () => {
    expect(members.size).toBeGreaterThan(100);
    for (const [key, [deductible, oop, planId]] of members) {
      const plan = PLAN_BY_ID.get(planId);
      expect(plan, key).toBeDefined();
      expect(deductible, key).toBeLessThanOrEqual(Math.round((plan?.deductibleIndividual ?? 0) * 100));
      expect(oop, key).toBeLessThanOrEqual(Math.round((plan?.outOfPocketMaxIndividual ?? 0) * 100));
    }
    let multiMember = 0;
    for (const [key, [deductible, oop, planId]] of families) {
      const plan = PLAN_BY_ID.get(planId);
      const limit = (family: number, individual: number): number => Math.round(Math.max(family, individual) * 100);
      expect(deductible, key).toBeLessThanOrEqual(limit(plan?.deductibleFamily ?? 0, plan?.deductibleIndividual ?? 0));
      expect(oop, key).toBeLessThanOrEqual(limit(plan?.outOfPocketMaxFamily ?? 0, plan?.outOfPocketMaxIndividual ?? 0));
      if (deductible > Math.round((plan?.deductibleIndividual ?? 0) * 100)) multiMember++;
    }
    // Families whose members together paid more deductible than one person could: the family tier is in use.
    expect(multiMember).toBeGreaterThan(0);
  });

  it('a member generated alone carries the same family-adjudicated EOBs as within the population', () => {
    const eobs = resources.filter((r) => r.resourceType === 'ExplanationOfBenefit');
    expect(eobs.length).toBeGreaterThan(0);
    // A dependent: a member whose Coverage names someone else as subscriber.
    const dependent = [...coverages.values()].find((c) => c.subscriber?.reference !== c.beneficiary.reference);
    const i = [...Array(config.patients).keys()].find((k) => `Patient/${patientId(k)}` === dependent?.beneficiary.reference) ?? -1;
    expect(i).toBeGreaterThanOrEqual(0);
    const alone = generatePatientRecord(config, directory, i).resources;
    const patientRef = `Patient/${alone[0].id ?? ''}`;
    const within = resources.filter((r) => r.resourceType === 'ExplanationOfBenefit' && (r as ExplanationOfBenefit).patient.reference === patientRef);
    expect(JSON.stringify(alone.filter((r) => r.resourceType === 'ExplanationOfBenefit'))).toBe(JSON.stringify(within));
  });
});
