import type { Claim, Encounter, Location, Organization, Patient, PractitionerRole, Procedure, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { areaOfZip, distanceKm } from '../../population/areas.js';
import { CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import { GENERAL_DENTIST, physiciansPerThousand, PRACTITIONER_TAXONOMIES, US_POPULATION_2020 } from '../../population/data/provider-taxonomy.js';
import { PROCEDURE_PERFORMER, SPECIALTY } from '../../population/data/referrals.js';
import { areaStaffing, directoryResources, generateDirectory } from '../../population/directory.js';
import { generatePopulation } from '../../population/generate.js';
import { planHouseholds } from '../../population/households.js';
import { isValidNpi } from '../../population/npi.js';

// One population for the file: every age, three years of history, nationwide.
const config = { seed: 'network', patients: 120, asOf: '2026-01-01', historyYears: 3, includeAddress: true };
const { directory, resources } = generatePopulation(config);
const byRef = new Map<string, Resource>(resources.map((r) => [`${r.resourceType}/${r.id}`, r]));
const of = <T extends Resource>(type: T['resourceType']): T[] => resources.filter((r): r is T => r.resourceType === type);
const roleOf = new Map(directory.practitionerRoles.map((r) => [r.practitioner?.reference, r]));
const taxonomyOf = (role: PractitionerRole | undefined): string | undefined => role?.specialty?.[0]?.coding?.[0]?.code;
const nucc = (concepts: Organization['type']): string | undefined =>
  concepts?.flatMap((t) => t.coding ?? []).find((c) => c.system === CODE_SYSTEM.nuccTaxonomy)?.code;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('provider network (issue #16)', () => {
  it('every member has a primary care practitioner nearby: median patient-PCP distance under 30 km', () => {
    const distances: number[] = [];
    for (const p of of<Patient>('Patient')) {
      const home = areaOfZip(p.address?.[0]?.postalCode);
      const role = roleOf.get(p.generalPractitioner?.[0]?.reference);
      const location = byRef.get(role?.location?.[0]?.reference ?? '') as Location | undefined;
      expect(home && location?.position, p.id).toBeTruthy();
      distances.push(distanceKm(home!.city, { lat: location!.position!.latitude, lon: location!.position!.longitude }));
      expect(location?.address?.state).toBe(p.address?.[0]?.state);
    }
    expect(distances.length).toBe(config.patients);
    expect(median(distances)).toBeLessThan(30);
  });

  it("inpatient stays and ED visits are at a hospital in the patient's own area", () => {
    const patientZip = new Map(of<Patient>('Patient').map((p) => [`Patient/${p.id}`, p.address?.[0]?.postalCode]));
    const hospitalEncounters = of<Encounter>('Encounter').filter((e) => e.class.code === 'IMP' || e.class.code === 'EMER');
    expect(hospitalEncounters.length).toBeGreaterThan(5);
    for (const e of hospitalEncounters) {
      const location = byRef.get(e.location?.[0]?.location.reference ?? '') as Location;
      const org = byRef.get(e.serviceProvider?.reference ?? '') as Organization;
      expect(location.type?.[0]?.coding?.[0]?.code, e.id).toBe('HOSP');
      expect(nucc(org.type), e.id).toBe('282N00000X');
      expect(location.address?.postalCode?.slice(0, 5), e.id).toBe(patientZip.get(e.subject?.reference ?? ''));
    }
  });

  it('each procedure is performed and billed by its specialty (colonoscopy by gastroenterology)', () => {
    const procedures = of<Procedure>('Procedure').filter((p) => p.code?.coding?.[0]?.code === '73761001');
    expect(procedures.length).toBeGreaterThan(0);
    for (const p of procedures) expect(taxonomyOf(roleOf.get(p.performer?.[0]?.actor.reference)), p.id).toBe(PROCEDURE_PERFORMER.colonoscopy);
    const claims = of<Claim>('Claim').filter((c) => c.type.coding?.[0]?.code === 'professional'
      && c.item?.some((i) => i.productOrService.coding?.[0]?.code === 'G0121'));
    expect(claims.length).toBeGreaterThan(0);
    for (const c of claims) expect(c.careTeam?.[0]?.qualification?.coding?.[0]?.code, c.id).toBe(SPECIALTY.gastroenterology);
  });

  it('members are referred to specialists, who bill under their own taxonomy', () => {
    const billed = new Set(of<Claim>('Claim').map((c) => c.careTeam?.[0]?.qualification?.coding?.[0]?.code));
    const specialists = PRACTITIONER_TAXONOMIES.filter((t) => t.care === 'specialist').map((t) => t.code);
    expect(specialists.filter((t) => billed.has(t)).length).toBeGreaterThanOrEqual(3);
  });

  it('has Luhn-valid unique NPIs, NUCC taxonomies from the table and ZIP+4 addresses at the Census point of their ZIP', () => {
    const npis = [...directory.practitioners, ...directory.providerOrganizations].map((r) => r.identifier?.find((i) => i.system === IDENTIFIER.npi)?.value ?? '');
    expect(npis.every(isValidNpi)).toBe(true);
    expect(new Set(npis).size).toBe(npis.length);
    const codes = new Set([...PRACTITIONER_TAXONOMIES, GENERAL_DENTIST].map((t) => t.code));
    for (const r of directory.practitionerRoles) expect(codes.has(taxonomyOf(r) ?? ''), r.id).toBe(true);
    for (const l of directory.locations) {
      expect(l.address?.postalCode, l.id).toMatch(/^\d{5}-\d{4}$/);
      expect(l.position).toEqual({ latitude: areaOfZip(l.address?.postalCode)?.city.lat, longitude: areaOfZip(l.address?.postalCode)?.city.lon });
    }
    expect(directoryResources(directory).length).toBeGreaterThan(0);
  });

  it('has the AAMC number of practitioners per 1,000 members by specialty where members are many', () => {
    const members = 1_000_000;
    const { hospitals, counts } = areaStaffing(members);
    expect(hospitals).toBe(Math.round((members * 5_129) / US_POPULATION_2020));
    for (const [t, count] of counts) {
      const perThousand = physiciansPerThousand(t);
      if (perThousand === undefined) continue;
      expect(Math.abs(count / (members / 1000) - perThousand), t.display).toBeLessThan(0.001);
    }
    // The AAMC dashboard's 2022 per-100k figures agree with the report's counts used for sizing (within 0.4).
    const dashboard: Record<string, number> = { '207RC0000X': 6.8, '207X00000X': 5.8, '207RG0100X': 4.9, '207N00000X': 4.0, '207RE0101X': 2.6, '208600000X': 7.9 };
    for (const [code, per100k] of Object.entries(dashboard)) {
      const t = PRACTITIONER_TAXONOMIES.find((x) => x.code === code)!;
      expect(Math.abs((physiciansPerThousand(t) ?? 0) * 100 - per100k), code).toBeLessThan(0.4);
    }
  });

  it('sizes a one-area network by its members: the directory of a DC population has the staffing of its member count', () => {
    const dc = { ...config, patients: 30_000, state: 'DC' };
    expect(new Set(planHouseholds(dc).map((h) => h.area)).size).toBe(1);
    const d = generateDirectory(dc);
    const counts = new Map<string, number>();
    for (const r of d.practitionerRoles) counts.set(taxonomyOf(r) ?? '', (counts.get(taxonomyOf(r) ?? '') ?? 0) + 1);
    for (const [t, count] of areaStaffing(dc.patients).counts) expect(counts.get(t.code), t.display).toBe(count);
    expect(counts.get('207Q00000X')).toBeGreaterThan(5);
  });
});
