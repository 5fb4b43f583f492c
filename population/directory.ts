import type { Location, Organization, Practitioner, PractitionerRole, Resource } from 'fhir/r4';
import type { PopulationConfig } from './config.js';
import { CODE_SYSTEM, IDENTIFIER } from './conventions.js';
import { PAYERS, type PayerSpec } from './data/payers.js';
import { PLANS } from './data/plans.js';
import {
  DEGREE_DISPLAY,
  DIRECTORY_SIZING,
  DO_SHARE,
  ORGANIZATION_TAXONOMY,
  PRACTITIONER_TAXONOMIES,
  type CareKind,
  type PractitionerTaxonomy,
} from './data/provider-taxonomy.js';
import { stateByCode, type UsCity, type UsState } from './data/us-states.js';
import { drawState } from './demographics-engine.js';
import { buildInsurancePlan } from './insurance-plans.js';
import {
  locationId,
  pad,
  payerOrganizationId,
  practitionerId,
  practitionerRoleId,
  providerOrganizationId,
  ref,
} from './ids.js';
import type { Directory } from './model.js';
import { makeUniqueNpi } from './npi.js';
import { fictionalPhone } from './phone.js';
import { createRng, type Rng } from './random.js';
import { fakerFor } from './seeded-faker.js';

/**
 * The shared provider and payer directory: payer and provider Organizations, Practitioners with
 * their PractitionerRoles, Locations and InsurancePlans. Generated once from
 * `createRng(seed, 'directory')`; its size scales with the population.
 */

function payerOrganization(p: PayerSpec): Organization {
  return {
    resourceType: 'Organization',
    id: payerOrganizationId(p.key),
    identifier: [{ system: IDENTIFIER.payerId, value: p.payerId }],
    active: true,
    type: [{ coding: [{ system: CODE_SYSTEM.organizationType, code: 'pay', display: 'Payer' }] }],
    name: p.name,
    telecom: [{ system: 'phone', value: p.phone, use: 'work' }],
    address: [{ use: 'work', line: [p.address.line], city: p.address.city, state: p.address.state, postalCode: p.address.zip, country: 'US' }],
  };
}

/** Counts per taxonomy: one of each first, the rest by weight (largest remainder), so it is exact and stable. */
function allocateSpecialties(total: number): PractitionerTaxonomy[] {
  const list = PRACTITIONER_TAXONOMIES;
  const base = Math.min(1, Math.floor(total / list.length));
  const counts = list.map(() => base);
  const rest = total - base * list.length;
  const weightSum = list.reduce((s, t) => s + t.weight, 0);
  const exact = list.map((t) => (rest * t.weight) / weightSum);
  exact.forEach((x, i) => (counts[i] += Math.floor(x)));
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k].i]++;
  const out: PractitionerTaxonomy[] = [];
  list.forEach((t, i) => {
    for (let c = 0; c < counts[i]; c++) out.push(t);
  });
  return out;
}

const EIN_PREFIXES = [10, 12, 20, 22, 26, 27, 30, 33, 35, 38, 41, 45, 46, 52, 54, 56, 61, 65, 74, 81, 84, 86, 88, 91, 93, 95];

/** An Employer Identification Number, NN-NNNNNNN, with an IRS campus prefix. */
function makeEin(rng: Rng): string {
  return `${rng.pick(EIN_PREFIXES)}-${pad(rng.int(0, 9_999_999), 7)}`;
}


interface Site {
  org: Organization;
  location: Location;
  kind: 'hospital' | 'clinic';
  city: UsCity;
  state: UsState;
}

const CLINIC_SUFFIXES = ['Family Health Center', 'Medical Group', 'Primary Care Associates', 'Community Clinic', 'Health Partners'];
const HOSPITAL_SUFFIXES = ['General Hospital', 'Regional Medical Center', 'Community Hospital'];

function buildSite(rng: Rng, index: number, kind: 'hospital' | 'clinic', only: UsState | undefined, npis: Set<string>, names: Set<string>): Site {
  const faker = fakerFor(rng.uint32());
  const state = drawState(rng, only);
  const city = rng.pick(state.cities);
  let name = `${city.city} ${rng.pick(kind === 'hospital' ? HOSPITAL_SUFFIXES : CLINIC_SUFFIXES)}`;
  while (names.has(name)) name = `${faker.person.lastName()} ${name}`;
  names.add(name);
  const address = { use: 'work' as const, line: [faker.location.streetAddress()], city: city.city, state: state.code, postalCode: city.zip, country: 'US' };
  const telecom = [{ system: 'phone' as const, value: fictionalPhone(rng, city), use: 'work' as const }];
  const taxonomy = kind === 'hospital' ? ORGANIZATION_TAXONOMY.hospital : ORGANIZATION_TAXONOMY.clinic;
  const org: Organization = {
    resourceType: 'Organization',
    id: providerOrganizationId(index),
    identifier: [
      { system: IDENTIFIER.npi, value: makeUniqueNpi(rng, 2, npis) },
      { system: IDENTIFIER.ein, value: makeEin(rng) },
    ],
    active: true,
    type: [
      { coding: [{ system: CODE_SYSTEM.organizationType, code: 'prov', display: 'Healthcare Provider' }] },
      { coding: [{ system: CODE_SYSTEM.nuccTaxonomy, code: taxonomy.code, display: taxonomy.display }] },
    ],
    name,
    telecom,
    address: [address],
  };
  const location: Location = {
    resourceType: 'Location',
    id: locationId(index),
    status: 'active',
    name,
    mode: 'instance',
    type: [
      kind === 'hospital'
        ? { coding: [{ system: CODE_SYSTEM.v3RoleCode, code: 'HOSP', display: 'Hospital' }] }
        : { coding: [{ system: CODE_SYSTEM.v3RoleCode, code: 'PC', display: 'primary care clinic' }] },
    ],
    telecom: structuredClone(telecom),
    address: structuredClone(address),
    managingOrganization: ref('Organization', org.id as string),
  };
  return { org, location, kind, city, state };
}

function practitionerSites(sites: Site[], care: CareKind): Site[] {
  const wanted = care === 'emergency' ? 'hospital' : 'clinic';
  return sites.filter((s) => s.kind === wanted);
}

/** Builds the directory for a population (https://hl7.org/fhir/R4/practitionerrole.html). */
export function generateDirectory(config: PopulationConfig): Directory {
  const rng = createRng(config.seed, 'directory');
  const only = config.state === undefined ? undefined : stateByCode(config.state);
  if (config.state !== undefined && !only) throw new Error(`unknown US state code ${config.state}`);

  const practitionerCount = Math.max(
    DIRECTORY_SIZING.minPractitioners,
    Math.ceil(config.patients / DIRECTORY_SIZING.patientsPerPractitioner),
  );
  const specialties = allocateSpecialties(practitionerCount);
  const hospitals = Math.max(1, Math.ceil(practitionerCount / DIRECTORY_SIZING.practitionersPerHospital));
  const clinics = Math.max(DIRECTORY_SIZING.minClinics, Math.ceil(practitionerCount / DIRECTORY_SIZING.practitionersPerClinic));

  const npis = new Set<string>();
  const names = new Set<string>();
  const sites: Site[] = [];
  for (let i = 0; i < hospitals + clinics; i++) sites.push(buildSite(rng, i, i < hospitals ? 'hospital' : 'clinic', only, npis, names));

  const practitioners: Practitioner[] = [];
  const practitionerRoles: PractitionerRole[] = [];
  const nextSite = new Map<string, number>();
  specialties.forEach((taxonomy, i) => {
    const faker = fakerFor(rng.uint32());
    const sex = rng.chance(0.5) ? 'male' : 'female';
    const degree = taxonomy.degrees.includes('NP') ? 'NP' : rng.chance(DO_SHARE) ? 'DO' : 'MD';
    const candidates = practitionerSites(sites, taxonomy.care);
    const k = nextSite.get(taxonomy.care) ?? 0; // round robin keeps every site staffed
    nextSite.set(taxonomy.care, k + 1);
    const site = candidates[k % candidates.length];
    const given = faker.person.firstName(sex);
    const family = faker.person.lastName();
    const practitioner: Practitioner = {
      resourceType: 'Practitioner',
      id: practitionerId(i),
      identifier: [{ system: IDENTIFIER.npi, value: makeUniqueNpi(rng, 1, npis) }],
      active: true,
      name: [{ use: 'official', family, given: [given], ...(degree === 'NP' ? {} : { prefix: ['Dr.'] }), suffix: [degree] }],
      telecom: [{ system: 'phone', value: fictionalPhone(rng, site.city), use: 'work' }],
      address: structuredClone(site.org.address),
      gender: sex,
      qualification: [{ code: { coding: [{ system: CODE_SYSTEM.v2Degree, code: degree, display: DEGREE_DISPLAY[degree] }], text: degree } }],
    };
    practitioners.push(practitioner);
    practitionerRoles.push({
      resourceType: 'PractitionerRole',
      id: practitionerRoleId(i),
      active: true,
      practitioner: { ...ref('Practitioner', practitioner.id as string), display: `${given} ${family}, ${degree}` },
      organization: { ...ref('Organization', site.org.id as string), display: site.org.name },
      code: [
        degree === 'NP'
          ? { coding: [{ system: CODE_SYSTEM.practitionerRole, code: 'nurse', display: 'Nurse' }] }
          : { coding: [{ system: CODE_SYSTEM.practitionerRole, code: 'doctor', display: 'Doctor' }] },
      ],
      specialty: [{ coding: [{ system: CODE_SYSTEM.nuccTaxonomy, code: taxonomy.code, display: taxonomy.display }] }],
      location: [{ ...ref('Location', site.location.id as string), display: site.location.name }],
      telecom: structuredClone(practitioner.telecom),
    });
  });

  return {
    payers: PAYERS.map(payerOrganization),
    providerOrganizations: sites.map((s) => s.org),
    practitioners,
    practitionerRoles,
    locations: sites.map((s) => s.location),
    insurancePlans: PLANS.map(buildInsurancePlan),
    plans: [...PLANS],
  };
}

/** Every directory resource in a fixed order: payers, provider orgs, practitioners, roles, locations, plans (https://hl7.org/fhir/R4/resourcelist.html). */
export function directoryResources(d: Directory): Resource[] {
  return [...d.payers, ...d.providerOrganizations, ...d.practitioners, ...d.practitionerRoles, ...d.locations, ...d.insurancePlans];
}
