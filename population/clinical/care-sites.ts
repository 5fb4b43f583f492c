import type { CodeableConcept, PractitionerRole } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';
import {
  DEFAULT_TAXONOMY,
  EMERGENCY_TAXONOMY,
  HOSPITALIST_TAXONOMY,
  SURGERY_TAXONOMY,
} from '../data/claims/billing.js';
import type { Directory, PatientContext } from '../model.js';

/** Who renders and who bills: ids only, ready for references. */
export interface Clinician {
  practitionerId: string;
  taxonomy: string;
}

/** A clinician with the organization and location they practise at. */
export type SitedClinician = Clinician & { organizationId: string; locationId: string };

export interface CareSites {
  primary: SitedClinician;
  /** Specialists by NUCC taxonomy (for follow-ups of some chronic conditions). */
  specialist: (taxonomy: string) => SitedClinician | undefined;
  hospital: { organizationId: string; locationId: string; emergency: Clinician; hospitalist: Clinician; surgeon: Clinician };
}

interface Hospital {
  organizationId: string;
  locationId: string;
  emergency: Clinician[];
  hospitalists: Clinician[];
  surgeons: Clinician[];
}

/** The providers of one area (or of the whole directory, as the fallback). */
interface AreaIndex {
  hospitals: Hospital[];
  specialists: Map<string, SitedClinician[]>;
}

interface DirectoryIndex {
  all: AreaIndex;
  /** By the area's 5-digit ZIP (the ZIP of the sites' addresses). */
  byArea: Map<string, AreaIndex>;
}

/** v3 RoleCode for a hospital Location (the directory marks hospital sites with it). */
const HOSPITAL_LOCATION_TYPE = 'HOSP';
const indexCache = new WeakMap<Directory, DirectoryIndex>();

function taxonomyOf(concepts: readonly CodeableConcept[] | undefined): string | undefined {
  for (const concept of concepts ?? []) {
    for (const coding of concept.coding ?? []) if (coding.system === CODE_SYSTEM.nuccTaxonomy && coding.code) return coding.code;
  }
  return undefined;
}

/** NUCC taxonomy of a practitioner role (specialty, then code). */
export function roleTaxonomy(role: PractitionerRole): string {
  return taxonomyOf(role.specialty) ?? taxonomyOf(role.code) ?? DEFAULT_TAXONOMY;
}

function idOf(reference: string | undefined): string | undefined {
  return reference?.split('/')[1];
}

function indexDirectory(directory: Directory): DirectoryIndex {
  const cached = indexCache.get(directory);
  if (cached) return cached;
  const index: DirectoryIndex = { all: { hospitals: [], specialists: new Map() }, byArea: new Map() };
  const areaOf = (zip: string): AreaIndex => {
    let area = index.byArea.get(zip);
    if (!area) index.byArea.set(zip, (area = { hospitals: [], specialists: new Map() }));
    return area;
  };
  const hospitalAt = new Map<string, Hospital>();
  const zipOf = new Map<string, string>();
  for (const location of directory.locations) {
    const zip = (location.address?.postalCode ?? '').slice(0, 5);
    if (location.id) zipOf.set(location.id, zip);
    const isHospital = location.type?.some((t) => t.coding?.some((c) => c.system === CODE_SYSTEM.v3RoleCode && c.code === HOSPITAL_LOCATION_TYPE));
    const organizationId = idOf(location.managingOrganization?.reference);
    if (!isHospital || !location.id || !organizationId) continue;
    const hospital: Hospital = { organizationId, locationId: location.id, emergency: [], hospitalists: [], surgeons: [] };
    hospitalAt.set(location.id, hospital);
    index.all.hospitals.push(hospital);
    areaOf(zip).hospitals.push(hospital);
  }
  for (const role of directory.practitionerRoles) {
    const practitionerId = idOf(role.practitioner?.reference);
    const organizationId = idOf(role.organization?.reference);
    const locationId = idOf(role.location?.[0]?.reference);
    if (!practitionerId || !organizationId || !locationId) continue;
    const taxonomy = roleTaxonomy(role);
    const hospital = hospitalAt.get(locationId);
    if (hospital) {
      const staff = taxonomy === EMERGENCY_TAXONOMY ? hospital.emergency : taxonomy === HOSPITALIST_TAXONOMY ? hospital.hospitalists
        : taxonomy === SURGERY_TAXONOMY ? hospital.surgeons : undefined;
      staff?.push({ practitionerId, taxonomy });
    }
    const clinician = { practitionerId, taxonomy, organizationId, locationId };
    for (const area of [index.all, areaOf(zipOf.get(locationId) ?? '')]) {
      const list = area.specialists.get(taxonomy) ?? [];
      list.push(clinician);
      area.specialists.set(taxonomy, list);
    }
  }
  indexCache.set(directory, index);
  return index;
}

/**
 * The patient's care sites: their primary care practitioner, organization and location, specialists and a
 * hospital (with an ED physician, a hospitalist and a surgeon) in the area of their primary care practice (where
 * they live), picked by patient index; missing directory entries fall back to the whole directory, then to the
 * primary care ones so the record stays referentially intact.
 */
export function careSitesFor(ctx: PatientContext): CareSites {
  const { practitioner, role, organization, location } = ctx.primaryCare;
  const primary = {
    practitionerId: practitioner.id ?? '',
    taxonomy: roleTaxonomy(role),
    organizationId: organization.id ?? '',
    locationId: location.id ?? '',
  };
  const index = indexDirectory(ctx.directory);
  const local = index.byArea.get((location.address?.postalCode ?? '').slice(0, 5));
  const i = ctx.patientIndex;
  const pick = <T>(items: readonly T[], fallback: T): T => (items.length > 0 ? items[i % items.length] : fallback);
  const hospitals = local && local.hospitals.length > 0 ? local.hospitals : index.all.hospitals;
  const fallback = { practitionerId: primary.practitionerId, taxonomy: primary.taxonomy };
  const site = pick<Hospital>(hospitals, { organizationId: primary.organizationId, locationId: primary.locationId, emergency: [], hospitalists: [], surgeons: [] });
  return {
    primary,
    specialist: (taxonomy) => {
      const list = local?.specialists.get(taxonomy) ?? index.all.specialists.get(taxonomy) ?? [];
      return list.length > 0 ? list[i % list.length] : undefined;
    },
    hospital: {
      organizationId: site.organizationId,
      locationId: site.locationId,
      emergency: pick(site.emergency, fallback),
      hospitalist: pick(site.hospitalists, fallback),
      surgeon: pick(site.surgeons, pick(site.hospitalists, fallback)),
    },
  };
}
