import type { Claim, Coverage, Organization, Patient, Practitioner, Reference, Resource } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import type { EdiCache } from '../cache.js';
import { coveragesOf, readOrUndefined } from './members.js';
import { hasCoding, identifierValue, refId } from './read.js';
import { ordinal } from '../x12/compare.js';

/** Resources of one type by id, or by a reference to them. */
export interface Lookup<T> {
  get(id: string): T | undefined;
  has(id: string): boolean;
  /** The resource a literal reference (`Type/id`, https://hl7.org/fhir/R4/references.html#literal) of this type points to. */
  ref(reference: Reference | undefined): T | undefined;
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
  /** A patient's coverages (a store search by beneficiary, kept by the EDI cache). */
  coveragesOf(patientId: string): Coverage[];
}

/**
 * Reads by id straight from the store: a document touches only the resources it references, not whole tables.
 * References are resolved once and remembered by their text, from one document to the next until the store's
 * resources of the type change (EdiCache.derived): thousands of claims point to the same few thousand patients and
 * coverages, and a reference string keeps its hash, where the id cut out of it would be a new string to hash and
 * look up in the store's table every time. (A class, not closures: the methods stay the same functions from one
 * document to the next, so optimized callers can inline them.)
 */
class StoreLookup<T extends Resource> implements Lookup<T> {
  private readonly byReference: Map<string, T | null>;
  // The last reference resolved: consecutive claims are mostly one patient's, under one coverage and billing
  // provider, and comparing two equal strings is cheaper than hashing one into the map.
  private lastText = '';
  private lastFound: T | null = null;

  constructor(private readonly store: Store, private readonly type: string, cache: EdiCache) {
    this.byReference = cache.derived(type, 'resolved references', () => new Map<string, T | null>());
  }

  get(id: string): T | undefined {
    return id ? readOrUndefined<T>(this.store, this.type, id) : undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  ref(reference: Reference | undefined): T | undefined {
    const text = reference?.reference;
    if (!text) return undefined;
    if (text === this.lastText) return this.lastFound ?? undefined;
    let found = this.byReference.get(text);
    if (found === undefined) this.byReference.set(text, (found = this.get(refId(reference, this.type) ?? '') ?? null));
    this.lastText = text;
    this.lastFound = found;
    return found ?? undefined;
  }
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

/** The lookups of one document (what they resolve is kept from the store's previous document while still right). */
export function projectionOf(store: Store, cache: EdiCache): Projection {
  return {
    patients: new StoreLookup(store, 'Patient', cache),
    coverages: new StoreLookup(store, 'Coverage', cache),
    organizations: new StoreLookup(store, 'Organization', cache),
    practitioners: new StoreLookup(store, 'Practitioner', cache),
    claims: new StoreLookup(store, 'Claim', cache),
    get coveragesByBeneficiary() {
      return cache.derived('Coverage', 'index by beneficiary', () => byBeneficiary(store));
    },
    coveragesOf: (patientId) => coveragesOf(store, patientId, cache),
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
    const org = p.organizations.ref(payor);
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
