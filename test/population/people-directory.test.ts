import type { Coverage, InsurancePlan, Organization, PractitionerRole, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { validateResource } from '../../fhir-profiles/schema-validator.js';
import { CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import { PLANS, planById } from '../../population/data/plans.js';
import { directoryResources, generateDirectory } from '../../population/directory.js';
import { config, generatePeople } from './people-fixture.js';

const references = (value: unknown, out: string[] = []): string[] => {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else references(v, out);
    }
  }
  return out;
};

describe('provider and payer directory', () => {
  it('grows with the population: more members in an area, more practitioners there (sizing: network-realism.test.ts)', () => {
    const small = generateDirectory(config({ patients: 300, state: 'VT' })).practitioners.length;
    expect(generateDirectory(config({ patients: 15_000, state: 'VT' })).practitioners.length).toBeGreaterThan(small);
  });

  it('has payers with 5-character X12 payer ids and provider organizations with NPI, EIN and NUCC type', () => {
    const d = generateDirectory(config());
    expect(d.payers.length).toBeGreaterThanOrEqual(3);
    expect(d.payers.length).toBeLessThanOrEqual(5);
    for (const p of d.payers) {
      expect(p.type?.[0].coding?.[0]).toMatchObject({ system: CODE_SYSTEM.organizationType, code: 'pay' });
      expect(p.identifier?.find((i) => i.system === IDENTIFIER.payerId)?.value).toMatch(/^[A-Z0-9]{5}$/);
      expect(p.address?.[0].state).toMatch(/^[A-Z]{2}$/);
    }
    const taxonomies = new Set<string>();
    for (const o of d.providerOrganizations) {
      expect(o.type?.[0].coding?.[0].code).toBe('prov');
      expect(o.identifier?.find((i) => i.system === IDENTIFIER.ein)?.value).toMatch(/^\d{2}-\d{7}$/);
      taxonomies.add(o.type?.[1].coding?.[0].code as string);
    }
    expect(taxonomies.has('282N00000X')).toBe(true);
  });

  it('roles carry NUCC specialties incl. primary care, the referral specialties, emergency and hospital medicine', () => {
    const d = generateDirectory(config());
    const codes = new Set(d.practitionerRoles.map((r) => r.specialty?.[0].coding?.[0].code));
    for (const code of ['207Q00000X', '208000000X', '207R00000X', '207RC0000X', '207RE0101X', '207RG0100X', '207V00000X', '207X00000X', '207N00000X', '2084P0800X', '207P00000X', '208600000X', '208M00001X', '1223G0001X']) {
      expect(codes.has(code), code).toBe(true);
    }
    for (const r of d.practitionerRoles) expect(r.specialty?.[0].coding?.[0].system).toBe(CODE_SYSTEM.nuccTaxonomy);
    for (const p of d.practitioners) expect(['MD', 'DO', 'NP', 'DDS', 'DMD']).toContain(p.qualification?.[0].code.coding?.[0].code);
  });

  it('every reference among directory, patients and coverages resolves', () => {
    const people = generatePeople(config({ seed: 'refs', patients: 500 }));
    const all: Resource[] = [...directoryResources(people.directory), ...people.patients, ...people.coverages];
    const keys = new Set(all.map((r) => `${r.resourceType}/${r.id}`));
    const dangling = all.flatMap((r) => references(r).filter((ref) => !keys.has(ref)).map((ref) => `${r.resourceType}/${r.id} -> ${ref}`));
    expect(dangling).toEqual([]);
    // Coverage plan class points at an InsurancePlan of the paying organization.
    const plans = new Map(people.directory.insurancePlans.map((p) => [p.id, p]));
    for (const c of people.coverages as Coverage[]) {
      const planId = c.class?.find((k) => k.type.coding?.[0].code === 'plan')?.value as string;
      const plan = plans.get(planId) as InsurancePlan;
      expect(plan.ownedBy?.reference).toBe(c.payor[0].reference);
    }
    // Roles point at a location managed by the role's organization.
    const locations = new Map(people.directory.locations.map((l) => [`Location/${l.id}`, l]));
    for (const r of people.directory.practitionerRoles as PractitionerRole[]) {
      expect(locations.get(r.location?.[0].reference as string)?.managingOrganization?.reference).toBe(r.organization?.reference);
    }
  });

  it('every people-and-directory resource is valid R4, also for pediatric and address-less configs', () => {
    const failures: string[] = [];
    for (const cfg of [config({ seed: 'v1', patients: 40, state: 'AK' }), config({ seed: 'v2', patients: 40, maxAge: 12, includeAddress: false })]) {
      const people = generatePeople(cfg);
      for (const r of [...directoryResources(people.directory), ...people.patients, ...people.coverages]) {
        const result = validateResource(r);
        if (!result.valid) failures.push(`${r.resourceType}/${r.id}: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

describe('plan benefit data', () => {
  it('every plan has a source, a payer and coherent numbers', () => {
    const payers = new Set(generateDirectory(config()).payers.map((p: Organization) => p.id?.replace('org-payer-', '')));
    for (const p of PLANS) {
      expect(p.source.length).toBeGreaterThan(10);
      expect(payers.has(p.payerKey)).toBe(true);
      expect(planById(p.planId)).toBe(p);
      expect(p.deductibleFamily).toBeGreaterThanOrEqual(p.deductibleIndividual);
      expect(p.outOfPocketMaxIndividual).toBeGreaterThanOrEqual(p.deductibleIndividual);
      expect(p.outOfPocketMaxFamily).toBeGreaterThanOrEqual(p.outOfPocketMaxIndividual);
      expect(p.coinsurance).toBeGreaterThanOrEqual(0);
      expect(p.coinsurance).toBeLessThan(1);
      if (p.type === 'HDHP') {
        // IRS Rev. Proc. 2025-19 (2026): minimum deductible $1,700 / $3,400, maximum out-of-pocket $8,500 / $17,000
        expect(p.deductibleIndividual).toBeGreaterThanOrEqual(1_700);
        expect(p.outOfPocketMaxIndividual).toBeLessThanOrEqual(8_500);
      }
      if (p.kind === 'medicare') expect(p.outOfPocketMaxIndividual).toBeLessThanOrEqual(9_250);
      else expect(p.outOfPocketMaxIndividual).toBeLessThanOrEqual(10_600);
    }
    expect(planById('no-such-plan')).toBeUndefined();
  });

  it("Coverage.costToBeneficiary and InsurancePlan costs carry the plan's numbers", () => {
    const people = generatePeople(config({ seed: 'cost', patients: 200 }));
    for (const c of people.coverages) {
      const plan = planById(c.class?.find((k) => k.type.coding?.[0].code === 'plan')?.value as string);
      const cost = new Map(c.costToBeneficiary?.map((x) => [x.type?.coding?.[0].code, x.valueMoney?.value ?? x.valueQuantity?.value]));
      expect(cost.get('gpvisit')).toBe(plan?.copayPrimaryCare);
      expect(cost.get('spvisit')).toBe(plan?.copaySpecialist);
      expect(cost.get('urgentcare')).toBe(plan?.copayUrgentCare);
      expect(cost.get('emergency')).toBe(plan?.copayEmergency);
      expect(cost.get('copaypct')).toBe(Math.round((plan?.coinsurance ?? 0) * 100));
      expect(cost.get('deductible')).toBe(plan?.deductibleIndividual);
      expect(cost.get('maxoutofpocket')).toBe(plan?.outOfPocketMaxIndividual);
    }
    for (const ip of people.directory.insurancePlans) {
      const plan = planById(ip.id as string);
      expect(ip.plan?.[0].generalCost?.[0].cost?.value).toBe(plan?.deductibleIndividual);
      expect(ip.identifier?.[0]).toEqual({ system: IDENTIFIER.planId, value: plan?.planId });
    }
  });
});
