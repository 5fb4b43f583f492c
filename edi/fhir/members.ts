import type { Coverage, ExplanationOfBenefit, Patient, Resource } from 'fhir/r4';
import type { SearchQuery, Store } from '../../data-store/store.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { memberIdFor, pad } from '../../population/ids.js';
import type { EdiCache } from '../cache.js';
import { searchEscaped } from './find-by-identifier.js';
import { refId } from './read.js';

/** `run`'s results, kept by the EDI cache when there is one (EdiCache.search). */
function kept<T>(cache: EdiCache | undefined, type: string, key: string, run: () => T[]): T[] {
  return cache ? cache.search(type, key, run) : run();
}

/**
 * The matches of a store search (kept by `cache`). Never a walk over the type: a per-request lookup costs the same
 * whatever the population's size, and a store that refuses the search (StoreError) fails the request instead of
 * answering from a scan.
 */
function search<T extends Resource>(store: Store, type: string, params: Array<[string, string]>, cache?: EdiCache): T[] {
  return kept(cache, type, params.map((p) => p.join('=')).join('&'), () => store.search({ resourceType: type, params }).matches as T[]);
}

/** The searches member lookups run (below): Store.prepareSearch builds their indexes in slices before a batch of them. */
export const MEMBER_SEARCHES: ReadonlyArray<Pick<SearchQuery, 'resourceType' | 'params'>> = [
  { resourceType: 'Patient', params: [['identifier', 'x']] },
  { resourceType: 'Coverage', params: [['identifier', 'x']] },
  { resourceType: 'Coverage', params: [['beneficiary', 'Patient/x']] },
  { resourceType: 'Coverage', params: [['subscriber', 'Patient/x']] },
];

/** Prepares searches (their indexes built in slices of the event loop) so that the first lookup of a batch builds none whole. */
export async function prepareSearches(store: Store, queries: ReadonlyArray<Pick<SearchQuery, 'resourceType' | 'params'>>): Promise<void> {
  for (const query of queries) await store.prepareSearch?.(query);
}

/** Patients carrying a member id (Patient.identifier with IDENTIFIER.memberId). */
export function patientsByMemberId(store: Store, memberId: string, cache?: EdiCache): Patient[] {
  return search<Patient>(store, 'Patient', [['identifier', `${IDENTIFIER.memberId}|${searchEscaped(memberId)}`], ['_count', '10']], cache);
}

/** Coverages whose beneficiary is the patient. */
export function coveragesOf(store: Store, patientId: string, cache?: EdiCache): Coverage[] {
  return search<Coverage>(store, 'Coverage', [['beneficiary', `Patient/${patientId}`], ['_count', '100']], cache);
}

/** Coverages whose subscriber is the patient (Coverage.subscriber, R4 search parameter `subscriber`). */
export function coveragesSubscribedBy(store: Store, patientId: string, cache?: EdiCache): Coverage[] {
  return search<Coverage>(store, 'Coverage', [['subscriber', `Patient/${patientId}`], ['_count', '100']], cache);
}

/** Two-digit dependent sequences (Coverage.dependent) a member id may add to its subscriber id (memberIdFor). */
const DEPENDENT_SEQUENCES = Array.from({ length: 99 }, (_, i) => pad(i + 1, 2));

/**
 * Coverages with a subscriber id. Coverage.subscriberId has no R4 search parameter, so this searches Coverage.identifier
 * for the ids a policy's member ids are (memberIdFor: the subscriber id, plus a dependent sequence 01-99) and keeps
 * those with this subscriber id: every generated Coverage, and every client-written one whose identifier (any system)
 * is its subscriber id or one of those member ids. https://hl7.org/fhir/R4/coverage.html#search
 */
export function coveragesBySubscriberId(store: Store, subscriberId: string, cache?: EdiCache): Coverage[] {
  const ids = [subscriberId, ...DEPENDENT_SEQUENCES.map((d) => memberIdFor(subscriberId, d))].map(searchEscaped);
  return kept(cache, 'Coverage', `subscriberId=${subscriberId}`, () => {
    const page = store.search({ resourceType: 'Coverage', params: [['identifier', ids.join(',')], ['_count', '100']] });
    return (page.matches as Coverage[]).filter((c) => c.subscriberId === subscriberId);
  });
}

/** A patient's ExplanationOfBenefits (for plan-year accumulators). */
export function eobsOf(store: Store, patientId: string, cache?: EdiCache): ExplanationOfBenefit[] {
  return search<ExplanationOfBenefit>(store, 'ExplanationOfBenefit', [['patient', `Patient/${patientId}`], ['_count', '1000']], cache);
}

/**
 * The ExplanationOfBenefits of every member of a coverage's policy (the coverages of its subscriber with the same
 * subscriber id), made under that policy: the source of the family accumulators. Without a subscriber, the
 * beneficiary's own.
 */
export function familyEobsOf(store: Store, coverage: Coverage, cache?: EdiCache): ExplanationOfBenefit[] {
  const holder = refId(coverage.subscriber, 'Patient');
  if (!holder || !coverage.subscriberId) return eobsOf(store, refId(coverage.beneficiary, 'Patient') ?? '', cache);
  const policy = coveragesSubscribedBy(store, holder, cache).filter((c) => c.subscriberId === coverage.subscriberId);
  const ids = new Set(policy.map((c) => `Coverage/${c.id ?? ''}`));
  const members = new Set(policy.map((c) => refId(c.beneficiary, 'Patient') ?? ''));
  return [...members].flatMap((m) => eobsOf(store, m, cache)).filter((e) => ids.has(e.insurance?.[0]?.coverage?.reference ?? ''));
}

/** Reads one resource or undefined. */
export function readOrUndefined<T>(store: Store, type: string, id: string | undefined): T | undefined {
  if (!id) return undefined;
  try {
    return store.read(type, id) as T;
  } catch {
    return undefined;
  }
}
