import type { CodeableConcept, PractitionerRole } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';
import {
  DEFAULT_TAXONOMY,
  EMERGENCY_TAXONOMY,
  INTERNAL_MEDICINE_TAXONOMY_PREFIX,
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

interface DirectoryIndex {
  hospitals: { organizationId: string; locationId: string }[];
  emergency: Clinician[];
  hospitalists: Clinician[];
  surgeons: Clinician[];
  specialists: Map<string, SitedClinician[]>;
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
  const hospitals: DirectoryIndex['hospitals'] = [];
  for (const location of directory.locations) {
    const isHospital = location.type?.some((t) => t.coding?.some((c) => c.system === CODE_SYSTEM.v3RoleCode && c.code === HOSPITAL_LOCATION_TYPE));
    const organizationId = idOf(location.managingOrganization?.reference);
    if (isHospital && location.id && organizationId) hospitals.push({ organizationId, locationId: location.id });
  }
  const clinicians = (match: (taxonomy: string) => boolean): Clinician[] => directory.practitionerRoles
    .map((role) => ({ practitionerId: idOf(role.practitioner?.reference) ?? '', taxonomy: roleTaxonomy(role) }))
    .filter((c) => c.practitionerId !== '' && match(c.taxonomy));
  const index: DirectoryIndex = {
    hospitals,
    emergency: clinicians((t) => t === EMERGENCY_TAXONOMY),
    hospitalists: clinicians((t) => t.startsWith(INTERNAL_MEDICINE_TAXONOMY_PREFIX)),
    surgeons: clinicians((t) => t === SURGERY_TAXONOMY),
    specialists: new Map(),
  };
  for (const role of directory.practitionerRoles) {
    const practitionerId = idOf(role.practitioner?.reference);
    const organizationId = idOf(role.organization?.reference);
    const locationId = idOf(role.location?.[0]?.reference);
    if (!practitionerId || !organizationId || !locationId) continue;
    const taxonomy = roleTaxonomy(role);
    const list = index.specialists.get(taxonomy) ?? [];
    list.push({ practitionerId, taxonomy, organizationId, locationId });
    index.specialists.set(taxonomy, list);
  }
  indexCache.set(directory, index);
  return index;
}

/**
 * The patient's care sites: their primary care practitioner, organization and location, and a hospital (with an
 * ED physician, a hospitalist and a surgeon) picked from the directory by patient index; missing directory
 * entries fall back to the primary care ones so the record stays referentially intact.
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
  const i = ctx.patientIndex;
  const pick = <T>(items: readonly T[], fallback: T): T => (items.length > 0 ? items[i % items.length] : fallback);
  const site = pick(index.hospitals, { organizationId: primary.organizationId, locationId: primary.locationId });
  const fallback = { practitionerId: primary.practitionerId, taxonomy: primary.taxonomy };
  return {
    primary,
    specialist: (taxonomy) => {
      const list = index.specialists.get(taxonomy);
      return list && list.length > 0 ? list[i % list.length] : undefined;
    },
    hospital: {
      ...site,
      emergency: pick(index.emergency, fallback),
      hospitalist: pick(index.hospitalists, fallback),
      surgeon: pick(index.surgeons, pick(index.hospitalists, fallback)),
    },
  };
}
