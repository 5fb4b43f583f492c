import type { Coverage, ExplanationOfBenefit, Patient, Resource } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { IDENTIFIER } from '../../population/conventions.js';
import type { EdiCache } from '../cache.js';
import { refId } from './read.js';

/** `run`'s results, kept by the EDI cache when there is one (EdiCache.search). */
function kept<T>(cache: EdiCache | undefined, type: string, key: string, run: () => T[]): T[] {
  return cache ? cache.search(type, key, run) : run();
}

/**
 * The matches of a store search (kept by `cache`); when the store cannot run it, the resources of the type
 * that `fallback` accepts (none without one).
 */
function search<T extends Resource>(store: Store, type: string, params: Array<[string, string]>, fallback?: (r: T) => boolean, cache?: EdiCache): T[] {
  return kept(cache, type, params.map((p) => p.join('=')).join('&'), () => {
    try {
      return store.search({ resourceType: type, params }).matches as T[];
    } catch {
      return fallback ? scan(store, type, fallback) : [];
    }
  });
}

/** Every current resource of the type that `accept` accepts. */
function scan<T extends Resource>(store: Store, type: string, accept: (r: T) => boolean): T[] {
  const out: T[] = [];
  for (const r of store.all<T>(type)) if (accept(r)) out.push(r);
  return out;
}

/** Patients carrying a member id (Patient.identifier with IDENTIFIER.memberId). */
export function patientsByMemberId(store: Store, memberId: string, cache?: EdiCache): Patient[] {
  return search<Patient>(store, 'Patient', [['identifier', `${IDENTIFIER.memberId}|${memberId}`], ['_count', '10']],
    (p) => p.identifier?.some((i) => i.system === IDENTIFIER.memberId && i.value === memberId) === true, cache);
}

/** Coverages whose beneficiary is the patient. */
export function coveragesOf(store: Store, patientId: string, cache?: EdiCache): Coverage[] {
  return search<Coverage>(store, 'Coverage', [['beneficiary', `Patient/${patientId}`], ['_count', '100']], (c) => refId(c.beneficiary, 'Patient') === patientId, cache);
}

/** Coverages whose subscriber is the patient (Coverage.subscriber, R4 search parameter `subscriber`). */
export function coveragesSubscribedBy(store: Store, patientId: string, cache?: EdiCache): Coverage[] {
  return search<Coverage>(store, 'Coverage', [['subscriber', `Patient/${patientId}`], ['_count', '100']], (c) => refId(c.subscriber, 'Patient') === patientId, cache);
}

/** Coverages with a subscriber id (Coverage.subscriberId has no R4 search parameter, so this scans; kept by `cache`). */
export function coveragesBySubscriberId(store: Store, subscriberId: string, cache?: EdiCache): Coverage[] {
  return kept(cache, 'Coverage', `subscriberId=${subscriberId}`, () => scan<Coverage>(store, 'Coverage', (c) => c.subscriberId === subscriberId));
}

/** A patient's ExplanationOfBenefits (for plan-year accumulators); none when the store cannot search them. */
export function eobsOf(store: Store, patientId: string, cache?: EdiCache): ExplanationOfBenefit[] {
  return search<ExplanationOfBenefit>(store, 'ExplanationOfBenefit', [['patient', `Patient/${patientId}`], ['_count', '1000']], undefined, cache);
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
