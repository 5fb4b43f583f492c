import type { Claim, Coverage, ExplanationOfBenefit, Patient, Resource } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { StoreError } from '../../data-store/store.js';
import { coveragesOf } from '../../edi/fhir/members.js';
import { EdiCache } from '../../edi/cache.js';
import { memberIdOf, payerIdOf, payerOf, projectionOf, relationshipOf, coverageActiveOn, coverageClass } from '../../edi/fhir/projection.js';

/** What a 270 for a member needs, as the EDI projections read it (so the console's 270 is matched as a partner's would be). */
export interface MemberSummary {
  patientId: string;
  memberId?: string;
  subscriberId?: string;
  payerId?: string;
  payerName?: string;
  planName?: string;
  relationship?: string;
  coverageActive: boolean;
  family: string;
  given: string;
  birthDate?: string;
}

/** The searches memberSummary and memberView run for a member (reference parameter of each type). */
const MEMBER_SEARCHES: ReadonlyArray<[string, string]> = [
  ['Coverage', 'beneficiary'],
  ['Coverage', 'subscriber'],
  ['Claim', 'patient'],
  ['ExplanationOfBenefit', 'patient'],
];

/**
 * Builds, in slices, the indexes memberSummary and memberView search (issue 11: no index built over a whole table
 * in one step on the event loop); the console calls it before either.
 */
export async function prepareMember(store: Store, patientId: string): Promise<void> {
  for (const [type, param] of MEMBER_SEARCHES) await store.prepareSearch?.({ resourceType: type, params: [[param, `Patient/${patientId}`]] });
}

/** The member's identity for X12, from their latest coverage (throws StoreError not-found for an unknown patient). */
export function memberSummary(store: Store, patientId: string, asOf: string): MemberSummary {
  const patient = store.read<Patient>('Patient', patientId);
  const coverages = [...coveragesOf(store, patientId)].sort((a, b) => (a.period?.start ?? '').localeCompare(b.period?.start ?? ''));
  const coverage = coverages.find((c) => coverageActiveOn(c, asOf)) ?? coverages[coverages.length - 1];
  const payer = coverage ? payerOf(coverage, projectionOf(store, new EdiCache(store))) : undefined;
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  return {
    patientId,
    memberId: memberIdOf(patient, coverage),
    subscriberId: coverage?.subscriberId,
    payerId: payer ? payerIdOf(payer) : undefined,
    payerName: payer?.name,
    planName: coverage ? coverageClass(coverage, 'plan').name : undefined,
    relationship: coverage ? relationshipOf(coverage) : undefined,
    coverageActive: coverage ? coverageActiveOn(coverage, asOf) : false,
    family: name?.family ?? '',
    given: name?.given?.[0] ?? '',
    birthDate: patient.birthDate,
  };
}

/**
 * A read-only view of the store in which the member is the whole population: `all()` of Patient, Coverage,
 * Claim and ExplanationOfBenefit lists only theirs (found by indexed search, not a scan); everything else
 * (payers, providers) reads through. The EDI writers then emit the member's slice of an 834/837/835, in time
 * linear in the member's record rather than the population's.
 */
export function memberView(store: Store, patientId: string): Store {
  const own: Record<string, Resource[]> = {
    Patient: [store.read<Patient>('Patient', patientId)],
    Coverage: coveragesOf(store, patientId) as Coverage[],
    Claim: searchAll<Claim>(store, 'Claim', patientId),
    ExplanationOfBenefit: searchAll<ExplanationOfBenefit>(store, 'ExplanationOfBenefit', patientId),
  };
  const readOnly = (): never => {
    throw new StoreError('invalid', 'a member view is read-only');
  };
  return {
    all: <T extends Resource>(type: string) => (own[type] ?? store.all(type)) as Iterable<T>,
    read: (type, id) => store.read(type, id),
    vread: (type, id, version) => store.vread(type, id, version),
    search: (query) => store.search(query),
    history: (query) => store.history(query),
    historyCount: (query) => store.historyCount(query),
    historyCursor: (query) => store.historyCursor(query),
    mark: () => store.mark(),
    readAsOf: (type, id, mark) => store.readAsOf(type, id, mark),
    counts: () => store.counts(),
    changes: (type) => store.changes(type),
    sync: () => store.sync(),
    shared: store.shared,
    load: () => store.load(),
    get loaded() {
      return store.loaded;
    },
    whenLoaded: () => store.whenLoaded(),
    readableWhileLoading: (type, id) => store.readableWhileLoading(type, id),
    create: readOnly,
    conditionalCreate: readOnly,
    update: readOnly,
    delete: readOnly,
    transaction: readOnly,
    reset: readOnly,
    close: async () => undefined,
  };
}

/** Every match of `patient=Patient/{id}`, page by page (the store caps a page). */
function searchAll<T extends Resource>(store: Store, type: string, patientId: string): T[] {
  const out: T[] = [];
  for (let offset = 0; ; ) {
    const page = store.search({ resourceType: type, params: [['patient', `Patient/${patientId}`], ['_count', '1000'], ['_offset', String(offset)]] });
    out.push(...(page.matches as T[]));
    offset += page.matches.length;
    if (page.matches.length === 0 || offset >= page.total) return out;
  }
}
