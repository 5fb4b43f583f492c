import type { Steps } from '../../data-store/stepped.js';
import type { Coverage, Organization, Patient } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { startDocument, type BuiltDocument, type PlannedDocument } from '../document.js';
import { coverageClass, einOf, memberIdOf, payerIdOf, payerOf, projectionOf, relationshipOf, x12Relationship } from '../fhir/projection.js';
import { x12Gender } from '../fhir/read.js';
import { addressSegments } from './address-segments.js';
import { personNm1 } from './nm1.js';
import { GUIDE_834 } from '../guides/834.js';
import type { EdiOptions } from '../options.js';
import { stamp } from '../x12/format.js';
import { ordinal } from '../x12/compare.js';
import { loopRule, maxOf } from '../guides/types.js';

/** Lengths from the 834 guide: N102, REF02, HD04. */
const MAX = { name: maxOf(GUIDE_834, 'N1', 2), ref: maxOf(GUIDE_834, 'REF', 2), coverage: maxOf(GUIDE_834, 'HD', 4) };
/** Health coverage loops (2300) per member in X220A1: a member with more keeps the most recent. */
const COVERAGES_PER_MEMBER = loopRule(GUIDE_834, '2300').repeat;

export interface Emit834Options {
  /** Only this payer (payer id or Organization id). */
  payer?: string;
}

interface Enrollment {
  patient: Patient;
  coverages: Coverage[];
  subscriberId: string;
  relationship: string;
}

function byPeriodStart(a: Coverage, b: Coverage): number {
  return ordinal(a.period?.start ?? '', b.period?.start ?? '');
}

/** A member's coverages with one payer split by subscriber id, each list in period order (most lists are one). */
function bySubscriberId(list: Coverage[]): Coverage[][] {
  const first = list[0].subscriberId;
  if (list.every((c) => c.subscriberId === first)) return [list];
  const split = new Map<string | undefined, Coverage[]>();
  for (const c of list) split.set(c.subscriberId, [...(split.get(c.subscriberId) ?? []), c]);
  return [...split.values()];
}

/**
 * Benefit enrollment and maintenance, full file (005010X220A1): one transaction set per payer, one INS
 * loop per member (subscribers before their dependents) with REF*0F, NM1*IL, DMG, N3/N4 and one HD loop
 * per coverage with that payer (DTP*348 begin, DTP*349 end when terminated or scheduled to end).
 */
export function* emit834(store: Store, options: EdiOptions, filter: Emit834Options = {}): Steps<PlannedDocument> {
  const p = projectionOf(store, options.cache);

  const byPayer = new Map<string, { payer: Organization; members: Enrollment[] }>();
  let seen = 0;
  for (const patient of store.all<Patient>('Patient')) {
    if (++seen % PER_STEP === 0) yield;
    const covs = p.coveragesByBeneficiary.get(patient.id ?? '');
    if (!covs) continue;
    const perPayer = new Map<string, { payer: Organization; list: Coverage[] }>();
    for (const c of covs.length > 1 ? covs.slice().sort(byPeriodStart) : covs) {
      const payer = payerOf(c, p);
      if (!payer?.id) continue;
      const entry = perPayer.get(payer.id);
      if (entry) entry.list.push(c);
      else perPayer.set(payer.id, { payer, list: [c] });
    }
    for (const { payer, list } of perPayer.values()) {
      const payerId = payer.id as string;
      if (filter.payer && filter.payer !== payerId && filter.payer !== payerIdOf(payer)) continue;
      const entry = byPayer.get(payerId) ?? { payer, members: [] };
      // One INS loop per membership (subscriber id): an older coverage under another subscriber id is its own
      // member loop with its own REF*0F and member id, not an HD under the current one.
      for (const coverages of bySubscriberId(list)) {
        const current = coverages[coverages.length - 1];
        entry.members.push({ patient, coverages, subscriberId: current.subscriberId ?? memberIdOf(patient) ?? '', relationship: relationshipOf(current) });
      }
      byPayer.set(payerId, entry);
    }
  }

  const familySize = new Map<string, number>();
  for (const { members } of byPayer.values()) for (const m of members) familySize.set(m.subscriberId, (familySize.get(m.subscriberId) ?? 0) + 1);

  return { sets: byPayer.size, write: (numbers) => write834({ ...options, controlNumbers: numbers }, byPayer, familySize) };
}

/** Members picked or written between two yields of the 834's steps. */
const PER_STEP = 64;

/** Writes the 834 of emit834, as steps: one transaction set per payer, in payer id order. */
function* write834(options: EdiOptions, byPayer: Map<string, { payer: Organization; members: Enrollment[] }>, familySize: Map<string, number>): Steps<BuiltDocument> {
  let done = 0;
  const t = stamp(options.clock());
  const doc = startDocument(options, { functionalId: GUIDE_834.functionalId, version: GUIDE_834.implementation }, byPayer.size);
  const text = doc.text;
  for (const { payer, members } of [...byPayer.values()].sort((a, b) => ordinal(payerIdOf(a.payer), payerIdOf(b.payer)))) {
    const body = doc.transaction('834', GUIDE_834.implementation);
    const payerId = payerIdOf(payer);
    body.seg('BGN').el('00').el(`${payerId}-${t.date}`).el(t.date).el(t.time).at(8).el('4').end();
    body.seg('N1').el('P5').el(text(`${payer.name ?? payerId} SPONSOR`, MAX.name)).el('FI').el(einOf(payer) ?? '000000000').end();
    body.seg('N1').el('IN').el(text(payer.name ?? payerId, MAX.name)).el('94').el(payerId).end();
    members.sort((a, b) => ordinal(a.subscriberId, b.subscriberId) || (a.relationship === 'self' ? -1 : b.relationship === 'self' ? 1 : 0) || ordinal(a.patient.id ?? '', b.patient.id ?? ''));
    for (const m of members) {
      if (++done % PER_STEP === 0) yield;
      const self = m.relationship === 'self';
      const current = m.coverages[m.coverages.length - 1];
      const level = (familySize.get(m.subscriberId) ?? 1) > 1 ? 'FAM' : 'IND';
      body.seg('INS').el(self ? 'Y' : 'N').el(x12Relationship(m.relationship)).el('030').el('XN').el('A').at(8).el(self ? 'FT' : undefined).end();
      body.seg('REF').el('0F').el(m.subscriberId).end();
      const group = coverageClass(current, 'group').value;
      if (group) body.seg('REF').el('1L').text(group, MAX.ref).end();
      personNm1(body, 'IL', m.patient.name, { qualifier: 'ZZ', value: memberIdOf(m.patient, current) });
      addressSegments(body, m.patient, false);
      if (m.patient.birthDate) body.seg('DMG').el('D8').date(m.patient.birthDate).el(x12Gender(m.patient.gender)).end();
      for (const c of m.coverages.length > COVERAGES_PER_MEMBER ? m.coverages.slice(-COVERAGES_PER_MEMBER) : m.coverages) {
        const plan = coverageClass(c, 'plan');
        body.seg('HD').el('030').at(3).el('HLT').text(plan.name ?? plan.value ?? 'HEALTH PLAN', MAX.coverage).el(level).end();
        if (c.period?.start) body.seg('DTP').el('348').el('D8').date(c.period.start).end();
        const end = c.period?.end?.slice(0, 10);
        // A known end: past (terminated, lapsed) or scheduled (the old plan of a plan change after the as-of date).
        if (end) body.seg('DTP').el('349').el('D8').date(end).end();
      }
    }
  }
  return doc.finish();
}
