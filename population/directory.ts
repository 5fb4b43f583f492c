import type { Location, Organization, Practitioner, PractitionerRole, Resource } from 'fhir/r4';
import type { PopulationConfig } from './config.js';
import { CODE_SYSTEM, IDENTIFIER } from './conventions.js';
import { PAYERS, type PayerSpec } from './data/payers.js';
import { PLANS } from './data/plans.js';
import { AREAS, type Area } from './areas.js';
import {
  DEGREE_DISPLAY,
  DENTAL_NETWORK,
  DO_SHARE,
  GENERAL_DENTIST,
  HOSPITAL_SIZING,
  ORGANIZATION_TAXONOMY,
  physiciansPerThousand,
  PRACTITIONER_TAXONOMIES,
  SITE_SIZING,
  US_POPULATION_2020,
  type CareKind,
  type PractitionerTaxonomy,
} from './data/provider-taxonomy.js';
import { planHouseholds } from './households.js';
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
import { retailPharmacies } from './pharmacies.js';
import { makeEin } from './ein.js';

/**
 * The shared provider and payer directory: payer and provider Organizations, Practitioners with
 * their PractitionerRoles, Locations and InsurancePlans. Generated once from
 * `createRng(seed, 'directory')`; providers sit in the areas where the members live, as many as the AAMC
 * physician supply gives for that many people (data/provider-taxonomy.ts).
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

type SiteKind = 'hospital' | 'clinic' | 'specialty' | 'dental';

interface Site {
  org: Organization;
  location: Location;
  kind: SiteKind;
  area: Area;
}

/** What the directory accumulates across areas: ids are positions in these lists, NPIs and names stay unique. */
interface Network {
  rng: Rng;
  npis: Set<string>;
  names: Set<string>;
  sites: Site[];
  practitioners: Practitioner[];
  roles: PractitionerRole[];
}

const SITE_STYLE: Record<SiteKind, { suffixes: readonly string[]; taxonomy: { code: string; display: string }; locationType: { code: string; display: string } }> = {
  hospital: {
    suffixes: ['General Hospital', 'Regional Medical Center', 'Community Hospital'],
    taxonomy: ORGANIZATION_TAXONOMY.hospital,
    locationType: { code: 'HOSP', display: 'Hospital' },
  },
  clinic: {
    suffixes: ['Family Health Center', 'Medical Group', 'Primary Care Associates', 'Community Clinic', 'Health Partners'],
    taxonomy: ORGANIZATION_TAXONOMY.clinic,
    locationType: { code: 'PC', display: 'primary care clinic' },
  },
  specialty: {
    suffixes: ['Specialty Associates', 'Multispecialty Group', 'Specialty Physicians'],
    taxonomy: ORGANIZATION_TAXONOMY.specialty,
    locationType: { code: 'OF', display: 'outpatient facility' },
  },
  dental: { suffixes: ['Family Dentistry', 'Dental Group', 'Dental Care'], taxonomy: ORGANIZATION_TAXONOMY.dental, locationType: { code: 'OF', display: 'outpatient facility' } },
};

/** A practice or hospital in the area: its Organization (NPI type 2, EIN, NUCC type) and Location, at a ZIP+4 of the area's ZIP. */
function buildSite(n: Network, kind: SiteKind, area: Area): Site {
  const { rng } = n;
  const index = n.sites.length;
  const faker = fakerFor(rng.uint32());
  const style = SITE_STYLE[kind];
  let name = `${area.city.city} ${rng.pick(style.suffixes)}`;
  while (n.names.has(name)) name = `${faker.person.lastName()} ${name}`;
  n.names.add(name);
  // The +4 is synthetic like the street; the 837 billing provider needs the full nine digits (X222A1 2010AA N403).
  const postalCode = `${area.city.zip}-${pad(rng.int(1, 9_999), 4)}`;
  const address = { use: 'work' as const, line: [faker.location.streetAddress()], city: area.city.city, state: area.state.code, postalCode, country: 'US' };
  const telecom = [{ system: 'phone' as const, value: fictionalPhone(rng, area.city), use: 'work' as const }];
  const org: Organization = {
    resourceType: 'Organization',
    id: providerOrganizationId(index),
    identifier: [
      { system: IDENTIFIER.npi, value: makeUniqueNpi(rng, 2, n.npis) },
      { system: IDENTIFIER.ein, value: makeEin(rng) },
    ],
    active: true,
    type: [
      { coding: [{ system: CODE_SYSTEM.organizationType, code: 'prov', display: 'Healthcare Provider' }] },
      { coding: [{ system: CODE_SYSTEM.nuccTaxonomy, code: style.taxonomy.code, display: style.taxonomy.display }] },
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
    type: [{ coding: [{ system: CODE_SYSTEM.v3RoleCode, ...style.locationType }] }],
    telecom: structuredClone(telecom),
    address: structuredClone(address),
    // The ZIP's census internal point: addresses are located no finer than their ZIP (data/us-states.ts).
    position: { longitude: area.city.lon, latitude: area.city.lat },
    managingOrganization: ref('Organization', org.id as string),
  };
  const site: Site = { org, location, kind, area };
  n.sites.push(site);
  return site;
}

/** A practitioner of `taxonomy` working at `site`, with their PractitionerRole there. */
function addPractitioner(n: Network, taxonomy: PractitionerTaxonomy, site: Site): void {
  const { rng } = n;
  const i = n.practitioners.length;
  const faker = fakerFor(rng.uint32());
  const sex = rng.chance(0.5) ? 'male' : 'female';
  const degree = taxonomy.care === 'dental' ? (rng.chance(DENTAL_NETWORK.dmdShare) ? 'DMD' : 'DDS')
    : taxonomy.degrees.includes('NP') ? 'NP' : rng.chance(DO_SHARE) ? 'DO' : 'MD';
  const given = faker.person.firstName(sex);
  const family = faker.person.lastName();
  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    id: practitionerId(i),
    identifier: [{ system: IDENTIFIER.npi, value: makeUniqueNpi(rng, 1, n.npis) }],
    active: true,
    name: [{ use: 'official', family, given: [given], ...(degree === 'NP' ? {} : { prefix: ['Dr.'] }), suffix: [degree] }],
    telecom: [{ system: 'phone', value: fictionalPhone(rng, site.area.city), use: 'work' }],
    address: structuredClone(site.org.address),
    gender: sex,
    qualification: [{ code: { coding: [{ system: CODE_SYSTEM.v2Degree, code: degree, display: DEGREE_DISPLAY[degree] }], text: degree } }],
  };
  n.practitioners.push(practitioner);
  n.roles.push({
    resourceType: 'PractitionerRole',
    id: practitionerRoleId(i),
    active: true,
    practitioner: ref('Practitioner', practitioner.id as string, `${given} ${family}, ${degree}`),
    organization: ref('Organization', site.org.id as string, site.org.name),
    code: [
      degree === 'NP'
        ? { coding: [{ system: CODE_SYSTEM.practitionerRole, code: 'nurse', display: 'Nurse' }] }
        : { coding: [{ system: CODE_SYSTEM.practitionerRole, code: 'doctor', display: 'Doctor' }] },
    ],
    specialty: [{ coding: [{ system: CODE_SYSTEM.nuccTaxonomy, code: taxonomy.code, display: taxonomy.display }] }],
    location: [ref('Location', site.location.id as string, site.location.name)],
    telecom: structuredClone(practitioner.telecom),
  });
}

const SITE_OF_CARE: Record<CareKind, SiteKind> = {
  'primary-adult': 'clinic',
  'primary-all': 'clinic',
  'primary-pediatric': 'clinic',
  specialist: 'specialty',
  emergency: 'hospital',
  hospitalist: 'hospital',
  surgeon: 'hospital',
  dental: 'dental',
};

/**
 * How many practitioners of each taxonomy an area with `members` members has: the AAMC supply per member, at
 * least the area floor, and hospital staff for every hospital.
 */
export function areaStaffing(members: number): { hospitals: number; counts: Map<PractitionerTaxonomy, number> } {
  const hospitals = Math.max(1, Math.round((members * HOSPITAL_SIZING.communityHospitals) / US_POPULATION_2020));
  const counts = new Map<PractitionerTaxonomy, number>();
  for (const t of PRACTITIONER_TAXONOMIES) {
    const perThousand = physiciansPerThousand(t);
    let count = Math.max(t.minPerArea, perThousand === undefined ? 0 : Math.round((members * perThousand) / 1000));
    if (t.care === 'hospitalist') count = Math.max(count, hospitals * HOSPITAL_SIZING.hospitalistsPerHospital);
    else if (SITE_OF_CARE[t.care] === 'hospital') count = Math.max(count, hospitals);
    counts.set(t, count);
  }
  return { hospitals, counts };
}

/** The network of one area: its hospitals, primary care practices and specialty groups, staffed round robin. */
function buildArea(n: Network, area: Area, members: number): void {
  const { hospitals, counts } = areaStaffing(members);
  const total = (kind: SiteKind): number => [...counts].filter(([t]) => SITE_OF_CARE[t.care] === kind).reduce((s, [, c]) => s + c, 0);
  const sites: Record<SiteKind, Site[]> = { hospital: [], clinic: [], specialty: [], dental: [] };
  const siteCount: Record<Exclude<SiteKind, 'dental'>, number> = {
    hospital: hospitals,
    clinic: Math.ceil(total('clinic') / SITE_SIZING.primaryCarePerClinic),
    specialty: Math.ceil(total('specialty') / SITE_SIZING.specialistsPerGroup),
  };
  for (const kind of ['hospital', 'clinic', 'specialty'] as const) {
    for (let k = 0; k < siteCount[kind]; k++) sites[kind].push(buildSite(n, kind, area));
  }
  const next: Record<SiteKind, number> = { hospital: 0, clinic: 0, specialty: 0, dental: 0 };
  for (const [taxonomy, count] of counts) {
    const kind = SITE_OF_CARE[taxonomy.care];
    for (let k = 0; k < count; k++) addPractitioner(n, taxonomy, sites[kind][next[kind]++ % sites[kind].length]);
  }
}

/** The general dentists of an area (ADA supply per member) in dental offices, drawn from their own stream. */
function buildDentalOffices(n: Network, area: Area, members: number): void {
  const count = Math.max(GENERAL_DENTIST.minPerArea, Math.round((members * DENTAL_NETWORK.generalDentistsPerThousand) / 1000));
  const offices = Array.from({ length: Math.ceil(count / DENTAL_NETWORK.dentistsPerOffice) }, () => buildSite(n, 'dental', area));
  for (let k = 0; k < count; k++) addPractitioner(n, GENERAL_DENTIST, offices[k % offices.length]);
}

/** Members per area (AREAS index, ascending), from the household plan: what the network is sized and placed by. */
function membersByArea(config: PopulationConfig): Array<[number, number]> {
  const counts = new Map<number, number>();
  for (const h of planHouseholds(config)) counts.set(h.area, (counts.get(h.area) ?? 0) + h.members.length);
  return [...counts].sort((a, b) => a[0] - b[0]);
}

/**
 * Builds the directory for a population (https://hl7.org/fhir/R4/practitionerrole.html): a network in every area
 * where members live, sized by the members there. A pure function of the seed and config (the areas come from
 * the household plan), so every worker builds the same one.
 */
export function generateDirectory(config: PopulationConfig): Directory {
  const n: Network = { rng: createRng(config.seed, 'directory'), npis: new Set(), names: new Set(), sites: [], practitioners: [], roles: [] };
  const byArea = membersByArea(config);
  for (const [areaIndex, members] of byArea) buildArea(n, AREAS[areaIndex], members);
  // Dentists come after the medical network, from their own stream, so its ids and draws are unchanged.
  const dental: Network = { ...n, rng: createRng(config.seed, 'directory', 'dental') };
  for (const [areaIndex, members] of byArea) buildDentalOffices(dental, AREAS[areaIndex], members);
  return {
    payers: PAYERS.map(payerOrganization),
    providerOrganizations: [...n.sites.map((s) => s.org), ...retailPharmacies(config.seed, byArea.map(([a]) => AREAS[a]), n.npis)],
    practitioners: n.practitioners,
    practitionerRoles: n.roles,
    locations: n.sites.map((s) => s.location),
    insurancePlans: PLANS.map(buildInsurancePlan),
    plans: [...PLANS],
  };
}

/** Every directory resource in a fixed order: payers, provider orgs, practitioners, roles, locations, plans (https://hl7.org/fhir/R4/resourcelist.html). */
export function directoryResources(d: Directory): Resource[] {
  return [...d.payers, ...d.providerOrganizations, ...d.practitioners, ...d.practitionerRoles, ...d.locations, ...d.insurancePlans];
}
