import type { Coverage, ExplanationOfBenefit, Patient } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { keptSearch } from './kept-searches.js';
import { refId } from './read.js';

/** Patients carrying a member id (Patient.identifier with IDENTIFIER.memberId), via store search (kept: see keptSearch). */
export function patientsByMemberId(store: Store, memberId: string): Patient[] {
  return keptSearch(store, 'Patient', `member|${memberId}`, () => searchPatientsByMemberId(store, memberId));
}

function searchPatientsByMemberId(store: Store, memberId: string): Patient[] {
  try {
    const page = store.search({ resourceType: 'Patient', params: [['identifier', `${IDENTIFIER.memberId}|${memberId}`], ['_count', '10']] });
    return page.matches as Patient[];
  } catch {
    const out: Patient[] = [];
    for (const p of store.all<Patient>('Patient')) if (p.identifier?.some((i) => i.system === IDENTIFIER.memberId && i.value === memberId)) out.push(p);
    return out;
  }
}

/** Coverages whose beneficiary is the patient (kept: see keptSearch). */
export function coveragesOf(store: Store, patientId: string): Coverage[] {
  return keptSearch(store, 'Coverage', `beneficiary|${patientId}`, () => searchCoveragesOf(store, patientId));
}

function searchCoveragesOf(store: Store, patientId: string): Coverage[] {
  try {
    const page = store.search({ resourceType: 'Coverage', params: [['beneficiary', `Patient/${patientId}`], ['_count', '100']] });
    return page.matches as Coverage[];
  } catch {
    const out: Coverage[] = [];
    for (const c of store.all<Coverage>('Coverage')) if (refId(c.beneficiary, 'Patient') === patientId) out.push(c);
    return out;
  }
}

/** Coverages with a subscriber id (Coverage.subscriberId has no R4 search parameter, so this scans; kept: see keptSearch). */
export function coveragesBySubscriberId(store: Store, subscriberId: string): Coverage[] {
  return keptSearch(store, 'Coverage', `subscriberId|${subscriberId}`, () => {
    const out: Coverage[] = [];
    for (const c of store.all<Coverage>('Coverage')) if (c.subscriberId === subscriberId) out.push(c);
    return out;
  });
}

/** A patient's ExplanationOfBenefits (for plan-year accumulators); none when the store cannot search them (kept: see keptSearch). */
export function eobsOf(store: Store, patientId: string): ExplanationOfBenefit[] {
  return keptSearch(store, 'ExplanationOfBenefit', `patient|${patientId}`, () => searchEobsOf(store, patientId));
}

function searchEobsOf(store: Store, patientId: string): ExplanationOfBenefit[] {
  try {
    return store.search({ resourceType: 'ExplanationOfBenefit', params: [['patient', `Patient/${patientId}`], ['_count', '1000']] }).matches as ExplanationOfBenefit[];
  } catch {
    return [];
  }
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

/** Coverages whose subscriber is the patient (Coverage.subscriber, R4 search parameter `subscriber`; kept: see keptSearch). */
export function coveragesSubscribedBy(store: Store, patientId: string): Coverage[] {
  return keptSearch(store, 'Coverage', `subscriber|${patientId}`, () => searchCoveragesSubscribedBy(store, patientId));
}

function searchCoveragesSubscribedBy(store: Store, patientId: string): Coverage[] {
  try {
    return store.search({ resourceType: 'Coverage', params: [['subscriber', `Patient/${patientId}`], ['_count', '100']] }).matches as Coverage[];
  } catch {
    const out: Coverage[] = [];
    for (const c of store.all<Coverage>('Coverage')) if (refId(c.subscriber, 'Patient') === patientId) out.push(c);
    return out;
  }
}
