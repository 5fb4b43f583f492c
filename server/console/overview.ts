import type { Condition, Coverage, ExplanationOfBenefit, Organization, Patient } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { CODE_MEANINGS } from '../../edi/guides/code-meanings.js';
import { readOrUndefined } from '../../edi/fhir/members.js';
import { coverageActiveOn, coverageClass, payerIdOf } from '../../edi/fhir/projection.js';
import { firstCodeOf, refId } from '../../edi/fhir/read.js';
import { remitLine } from '../../edi/fhir/remittance.js';
import { ADJUDICATION } from '../../population/conventions.js';
import { CHRONIC_CONDITIONS } from '../../population/data/clinical/chronic-conditions.js';
import { bandRate } from '../../population/clinical/prevalence.js';
import { ageOn, parseDate } from '../../population/dates.js';

/** The population overview the console charts (GET /console/api/overview). */
export interface Overview {
  asOf: string;
  patients: number;
  /** Five-year bands (the last open-ended) by administrative gender; `other` counts other and unknown. */
  agePyramid: { bands: string[]; male: number[]; female: number[]; other: number[] };
  /** Chronic conditions: patients with one vs what the generator's national rates give for this age/sex mix. */
  conditions: Array<{ key: string; display: string; icd10: string; patients: number; observed: number; expected: number; source: string }>;
  /** Coverages in force on the as-of date, by payer and plan. */
  coverage: Array<{ payer: string; payerName: string; plan: string; planName: string; members: number }>;
  /** EOBs by the month they were processed (EOB.created): paid, denied, or paid nothing without a denial (deductible). */
  claimsByMonth: { months: string[]; paid: number[]; denied: number[]; zeroPaid: number[] };
  /**
   * Claim lines by CAS adjustment (group-CARC), as the 835 reports them; `denial` marks the reasons the payer denied a
   * line for (recorded on the EOB), the others being the contractual write-off and the patient's share.
   */
  adjustments: Array<{ group: string; reason: string; meaning: string; denial: boolean; lines: number; amount: number }>;
}

const BAND_YEARS = 5;
const OPEN_BAND = 85;
/** How long a slice of the pass may hold the event loop before other clients get a turn. */
const SLICE_MS = 10;
const TYPES = ['Patient', 'Condition', 'Coverage', 'ExplanationOfBenefit', 'Organization'];

/**
 * The overview of a store, computed in one pass over its patients, conditions, coverages and EOBs (time linear in
 * the population, yielding to the event loop every SLICE_MS) and kept until one of those types changes.
 */
export function overviewOf(store: Store, asOf: string): () => Promise<Overview> {
  let kept: { signature: string; value: Promise<Overview> } | undefined;
  return () => {
    const signature = TYPES.map((t) => store.changes(t)).join(',');
    if (!kept || kept.signature !== signature) {
      const value = computeOverview(store, asOf);
      kept = { signature, value };
      value.catch(() => (kept = undefined));
    }
    return kept.value;
  };
}

async function computeOverview(store: Store, asOf: string): Promise<Overview> {
  const people = await pyramid(store, parseDate(asOf));
  return {
    asOf,
    patients: people.patients,
    agePyramid: people.pyramid,
    conditions: await prevalence(store, people.patients, people.expected),
    coverage: await coverageMix(store, asOf),
    ...(await claims(store)),
  };
}

/** Calls `fn` on each item, yielding to the event loop every SLICE_MS (resources differ in cost: time, not counts). */
async function each<T>(items: Iterable<T>, fn: (item: T) => void): Promise<void> {
  let n = 0;
  let since = performance.now();
  for (const item of items) {
    fn(item);
    if (++n % 64 === 0 && performance.now() - since > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  }
}

/**
 * Patients by age band and sex, and for each chronic condition the sum over patients of the generator's rate for
 * their age band and sex (both sexes averaged for other genders): the count the generator aims at.
 */
async function pyramid(store: Store, asOf: Date): Promise<{ patients: number; pyramid: Overview['agePyramid']; expected: number[] }> {
  const count = OPEN_BAND / BAND_YEARS + 1;
  const bands = Array.from({ length: count }, (_, i) => (i === count - 1 ? `${OPEN_BAND}+` : `${i * BAND_YEARS}-${i * BAND_YEARS + BAND_YEARS - 1}`));
  const out = { bands, male: new Array<number>(count).fill(0), female: new Array<number>(count).fill(0), other: new Array<number>(count).fill(0) };
  const expected = CHRONIC_CONDITIONS.map(() => 0);
  let patients = 0;
  await each(store.all<Patient>('Patient'), (p) => {
    if (!p.birthDate) return;
    patients += 1;
    const age = Math.max(0, ageOn(parseDate(p.birthDate.slice(0, 10)), asOf));
    const sex = p.gender === 'male' || p.gender === 'female' ? p.gender : 'other';
    out[sex][Math.min(Math.floor(age / BAND_YEARS), count - 1)] += 1;
    CHRONIC_CONDITIONS.forEach((row, i) => {
      if (age < row.minOnsetAge) return;
      expected[i] += sex === 'other' ? (bandRate(row.prevalence, age, 'male') + bandRate(row.prevalence, age, 'female')) / 2 : bandRate(row.prevalence, age, sex);
    });
  });
  return { patients, pyramid: out, expected };
}

/** Patients with each chronic condition (any Condition coded with its ICD-10-CM code) against the expected count. */
async function prevalence(store: Store, patients: number, expected: number[]): Promise<Overview['conditions']> {
  const byCode = new Map(CHRONIC_CONDITIONS.map((row) => [row.icd10, new Set<string>()]));
  await each(store.all<Condition>('Condition'), (c) => {
    const pid = refId(c.subject, 'Patient');
    if (!pid) return;
    for (const coding of c.code?.coding ?? []) byCode.get(coding.code ?? '')?.add(pid);
  });
  const n = Math.max(patients, 1);
  return CHRONIC_CONDITIONS.map((row, i) => {
    const count = byCode.get(row.icd10)?.size ?? 0;
    return { key: row.key, display: row.display, icd10: row.icd10, patients: count, observed: count / n, expected: expected[i] / n, source: row.source };
  });
}

async function coverageMix(store: Store, asOf: string): Promise<Overview['coverage']> {
  const rows = new Map<string, Overview['coverage'][number]>();
  const payers = new Map<string, Organization | undefined>();
  await each(store.all<Coverage>('Coverage'), (c) => {
    if (!coverageActiveOn(c, asOf)) return;
    const orgId = refId(c.payor?.[0], 'Organization') ?? '';
    if (!payers.has(orgId)) payers.set(orgId, readOrUndefined<Organization>(store, 'Organization', orgId));
    const payer = payers.get(orgId);
    const plan = coverageClass(c, 'plan');
    const key = `${orgId}|${plan.value ?? ''}`;
    const row = rows.get(key) ?? { payer: payerIdOf(payer), payerName: payer?.name ?? orgId, plan: plan.value ?? '', planName: plan.name ?? c.type?.text ?? 'unknown plan', members: 0 };
    row.members += 1;
    rows.set(key, row);
  });
  return [...rows.values()].sort((a, b) => a.payerName.localeCompare(b.payerName) || a.planName.localeCompare(b.planName));
}

async function claims(store: Store): Promise<Pick<Overview, 'claimsByMonth' | 'adjustments'>> {
  const months = new Map<string, { paid: number; denied: number; zeroPaid: number }>();
  const adjustments = new Map<string, { group: string; reason: string; denial: boolean; lines: number; cents: number }>();
  await each(store.all<ExplanationOfBenefit>('ExplanationOfBenefit'), (eob) => {
    const month = (eob.created ?? '').slice(0, 7);
    if (!/^\d{4}-\d{2}$/.test(month)) return;
    let paid = 0;
    let denied = false;
    for (const item of eob.item ?? []) {
      const line = remitLine(item.adjudication);
      paid += line.paidCents;
      denied ||= line.denied;
      const denials = new Set((item.adjudication ?? []).map((a) => firstCodeOf(a.reason, ADJUDICATION.adjustmentReasonSystem)));
      for (const a of line.adjustments) {
        const key = `${a.group}-${a.reason}`;
        const entry = adjustments.get(key) ?? { group: a.group, reason: a.reason, denial: denials.has(a.reason), lines: 0, cents: 0 };
        entry.lines += 1;
        entry.cents += a.cents;
        adjustments.set(key, entry);
      }
    }
    const m = months.get(month) ?? { paid: 0, denied: 0, zeroPaid: 0 };
    if (paid > 0) m.paid += 1;
    else if (denied) m.denied += 1;
    else m.zeroPaid += 1;
    months.set(month, m);
  });
  const sorted = [...months.keys()].sort();
  const reasons = CODE_MEANINGS.CAS02.codes;
  return {
    claimsByMonth: { months: sorted, paid: sorted.map((m) => months.get(m)?.paid ?? 0), denied: sorted.map((m) => months.get(m)?.denied ?? 0), zeroPaid: sorted.map((m) => months.get(m)?.zeroPaid ?? 0) },
    adjustments: [...adjustments.values()]
      .sort((a, b) => b.lines - a.lines)
      .map((a) => ({ group: a.group, reason: a.reason, meaning: reasons[a.reason] ?? 'unlisted reason code', denial: a.denial, lines: a.lines, amount: a.cents / 100 })),
  };
}
