import type { Claim, Coverage, Organization, Patient, Practitioner, Resource } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import { readOrUndefined } from './members.js';
import { hasCoding, identifierValue, refId } from './read.js';
import { ordinal } from '../x12/compare.js';

/** Resources of one type by id. */
export interface Lookup<T> {
  get(id: string): T | undefined;
  has(id: string): boolean;
}

/**
 * The resources the X12 projections join (Patient, Coverage, Organization, Practitioner, Claim), read
 * from the store as it is at the moment of emission.
 */
export interface Projection {
  patients: Lookup<Patient>;
  coverages: Lookup<Coverage>;
  organizations: Lookup<Organization>;
  practitioners: Lookup<Practitioner>;
  claims: Lookup<Claim>;
  /** Coverages by beneficiary id; built on first use (one pass over every Coverage). */
  readonly coveragesByBeneficiary: Map<string, Coverage[]>;
}

/** Reads by id straight from the store: a document touches only the resources it references, not whole tables. */
function lookup<T extends Resource>(store: Store, type: string): Lookup<T> {
  const get = (id: string): T | undefined => (id ? readOrUndefined<T>(store, type, id) : undefined);
  return { get, has: (id) => get(id) !== undefined };
}

function byBeneficiary(store: Store): Map<string, Coverage[]> {
  const index = new Map<string, Coverage[]>();
  for (const c of store.all<Coverage>('Coverage')) {
    const pid = refId(c.beneficiary, 'Patient');
    if (!pid) continue;
    const list = index.get(pid);
    if (list) list.push(c);
    else index.set(pid, [c]);
  }
  return index;
}

/** The lookups of one document. */
export function projectionOf(store: Store): Projection {
  let coveragesByBeneficiary: Map<string, Coverage[]> | undefined;
  return {
    patients: lookup(store, 'Patient'),
    coverages: lookup(store, 'Coverage'),
    organizations: lookup(store, 'Organization'),
    practitioners: lookup(store, 'Practitioner'),
    claims: lookup(store, 'Claim'),
    get coveragesByBeneficiary() {
      return (coveragesByBeneficiary ??= byBeneficiary(store));
    },
  };
}

/**
 * The member id of a patient: the one on the given Coverage (Coverage.identifier, IDENTIFIER.memberId)
 * when known, else the patient's current one (an identifier without an ended period; the last listed).
 */
export function memberIdOf(patient: Patient | undefined, coverage?: Coverage): string | undefined {
  const onCoverage = identifierValue(coverage?.identifier, IDENTIFIER.memberId);
  if (onCoverage) return onCoverage;
  let last: string | undefined;
  let lastOpen: string | undefined;
  for (const i of patient?.identifier ?? []) {
    if (i.system !== IDENTIFIER.memberId || !i.value) continue;
    last = i.value;
    if (!i.period?.end) lastOpen = i.value;
  }
  return lastOpen ?? last;
}

/** The X12 payer id of a payer Organization (IDENTIFIER.payerId), falling back to its id. */
export function payerIdOf(org: Organization | undefined): string {
  return identifierValue(org?.identifier, IDENTIFIER.payerId) ?? org?.id ?? 'UNKNOWN';
}

/** The payer Organization of a coverage (first payor that is an Organization). */
export function payerOf(coverage: Coverage | undefined, p: Pick<Projection, 'organizations'>): Organization | undefined {
  for (const payor of coverage?.payor ?? []) {
    const org = p.organizations.get(refId(payor, 'Organization') ?? '');
    if (org) return org;
  }
  return undefined;
}

/** Coverage.class value and name for a class type (plan, group). */
export function coverageClass(coverage: Coverage | undefined, type: 'plan' | 'group'): { value?: string; name?: string } {
  for (const c of coverage?.class ?? []) if (hasCoding(c.type, CODE_SYSTEM.coverageClass, type)) return { value: c.value, name: c.name };
  return {};
}

/** Coverage.relationship code (self, spouse, child, ...). */
export function relationshipOf(coverage: Coverage | undefined): string {
  for (const c of coverage?.relationship?.coding ?? []) if (c.code) return c.code;
  return 'self';
}

/** X12 individual relationship code (INS02, PAT01, SBR02): 18 self, 01 spouse, 19 child, G8 other. */
export function x12Relationship(fhirCode: string): string {
  return X12_RELATIONSHIP.get(fhirCode) ?? 'G8';
}

const X12_RELATIONSHIP = new Map([['self', '18'], ['spouse', '01'], ['child', '19'], ['parent', 'G8'], ['common', '53'], ['other', 'G8'], ['injured', 'G8']]);

/** Whether a coverage is in force on a date (status active and the date inside Coverage.period). */
export function coverageActiveOn(coverage: Coverage, date: string): boolean {
  if (coverage.status !== 'active') return false;
  const start = coverage.period?.start?.slice(0, 10);
  const end = coverage.period?.end?.slice(0, 10);
  return (!start || start <= date) && (!end || end >= date);
}

/** The coverage in force on a date (preferring the given payer's), else the latest-starting one, not active. */
export function pickCoverage(list: Coverage[], date: string, payer?: Organization): { coverage?: Coverage; active: boolean } {
  const mine = payer ? list.filter((c) => c.payor?.some((p) => refId(p, 'Organization') === payer.id)) : list;
  const pool = mine.length > 0 ? mine : list;
  const active = pool.find((c) => coverageActiveOn(c, date));
  if (active) return { coverage: active, active: true };
  const latest = pool.slice().sort((a, b) => ordinal(b.period?.start ?? '', a.period?.start ?? ''))[0];
  return { coverage: latest, active: false };
}

/** Organization or practitioner NPI. */
export function npiOf(resource: Organization | Practitioner | undefined): string | undefined {
  return identifierValue(resource?.identifier, IDENTIFIER.npi);
}

/** Employer/tax id (EIN) of an organization. */
export function einOf(org: Organization | undefined): string | undefined {
  return identifierValue(org?.identifier, IDENTIFIER.ein);
}
