import type { Location, Organization, Practitioner, PractitionerRole } from 'fhir/r4';
import { PRACTITIONER_TAXONOMIES } from './data/provider-taxonomy.js';
import type { Directory } from './model.js';
import type { Rng } from './random.js';

/** A primary care assignment (Patient.generalPractitioner; PatientContext.primaryCare). */
export interface PrimaryCare {
  practitioner: Practitioner;
  role: PractitionerRole;
  organization: Organization;
  location: Location;
}

interface PrimaryCareLists {
  adult: PrimaryCare[];
  pediatric: PrimaryCare[];
}

interface PrimaryCareIndex extends PrimaryCareLists {
  /** The same lists restricted to practices in one area (its 5-digit ZIP) and in one state (USPS code). */
  byArea: Map<string, PrimaryCareLists>;
  byState: Map<string, PrimaryCareLists>;
}

const ADULT = new Set(PRACTITIONER_TAXONOMIES.filter((t) => t.care === 'primary-adult' || t.care === 'primary-all').map((t) => t.code));
const PEDIATRIC = new Set(PRACTITIONER_TAXONOMIES.filter((t) => t.care === 'primary-pediatric' || t.care === 'primary-all').map((t) => t.code));

function idOf(reference: string | undefined): string {
  return (reference ?? '').split('/')[1] ?? '';
}

function buildIndex(d: Directory): PrimaryCareIndex {
  const practitioners = new Map(d.practitioners.map((p) => [p.id, p]));
  const orgs = new Map(d.providerOrganizations.map((o) => [o.id, o]));
  const locations = new Map(d.locations.map((l) => [l.id, l]));
  const index: PrimaryCareIndex = { adult: [], pediatric: [], byArea: new Map(), byState: new Map() };
  const listsOf = (map: Map<string, PrimaryCareLists>, key: string): PrimaryCareLists => {
    let lists = map.get(key);
    if (!lists) map.set(key, (lists = { adult: [], pediatric: [] }));
    return lists;
  };
  for (const role of d.practitionerRoles) {
    const code = role.specialty?.[0]?.coding?.[0]?.code ?? '';
    const entry: PrimaryCare = {
      practitioner: practitioners.get(idOf(role.practitioner?.reference)) as Practitioner,
      role,
      organization: orgs.get(idOf(role.organization?.reference)) as Organization,
      location: locations.get(idOf(role.location?.[0]?.reference)) as Location,
    };
    const all = [index, listsOf(index.byState, entry.location?.address?.state ?? ''), listsOf(index.byArea, (entry.location?.address?.postalCode ?? '').slice(0, 5))];
    for (const lists of all) {
      if (ADULT.has(code)) lists.adult.push(entry);
      if (PEDIATRIC.has(code)) lists.pediatric.push(entry);
    }
  }
  if (index.adult.length === 0 || index.pediatric.length === 0) throw new Error('directory has no primary care practitioners');
  return index;
}

// Keyed by the directory object; a worker that rebuilds or receives a directory builds it once.
const indexes = new WeakMap<Directory, PrimaryCareIndex>();

/**
 * Picks the member's primary care practitioner (Patient.generalPractitioner, https://hl7.org/fhir/R4/patient.html):
 * pediatric-capable under 18, adult-capable otherwise, from a practice in the member's area (their ZIP), else
 * their state, else anywhere.
 */
export function choosePrimaryCare(d: Directory, ageYears: number, rng: Rng, home: { state: string; zip: string }): PrimaryCare {
  let index = indexes.get(d);
  if (!index) {
    index = buildIndex(d);
    indexes.set(d, index);
  }
  const pick = (lists: PrimaryCareLists | undefined): PrimaryCare[] => (lists === undefined ? [] : ageYears < 18 ? lists.pediatric : lists.adult);
  for (const candidates of [pick(index.byArea.get(home.zip)), pick(index.byState.get(home.state))]) {
    if (candidates.length > 0) return rng.pick(candidates);
  }
  return rng.pick(pick(index));
}
