import type { ExplanationOfBenefit } from 'fhir/r4';
import { IDENTIFIER } from '../../population/conventions.js';
import { paidCentsOf, remitLine } from '../../edi/fhir/remittance.js';
import { identifierValue, refId } from '../../edi/fhir/read.js';
import { ADJUDICATION } from '../../population/conventions.js';
import type { Scenario, ScenarioWorld } from './scenarios-types.js';

/** The CARC of a denial on the EOB (claim level first, then the first denied line), if any. */
export function denialCarc(eob: ExplanationOfBenefit): string | undefined {
  const codeOf = (a: { reason?: { coding?: Array<{ system?: string; code?: string }> } }) =>
    a.reason?.coding?.find((c) => c.system === ADJUDICATION.adjustmentReasonSystem)?.code;
  for (const a of eob.adjudication ?? []) if (codeOf(a)) return codeOf(a);
  for (const item of eob.item ?? []) for (const a of item.adjudication ?? []) if (codeOf(a)) return codeOf(a);
  return undefined;
}

/** Adjudicated (complete) with nothing paid on any line, every line denied with a CARC. */
export function isDenied(eob: ExplanationOfBenefit): boolean {
  return eob.status === 'active' && eob.outcome === 'complete' && paidCentsOf(eob) === 0 && (eob.item ?? []).length > 0 && (eob.item ?? []).every((i) => remitLine(i.adjudication).denied);
}

/** Paid: adjudicated (complete) with money paid. */
export function isPaid(eob: ExplanationOfBenefit): boolean {
  return eob.status === 'active' && eob.outcome === 'complete' && paidCentsOf(eob) > 0;
}

/** Pended: the 277 reports P1 for it (EOB draft, or outcome queued or partial; see claimStatusOf). */
export function isPended(eob: ExplanationOfBenefit): boolean {
  return eob.status === 'draft' || eob.outcome === 'queued' || eob.outcome === 'partial';
}

/** The first EOB (store order) that `holds`, as a scenario whose request reads it over FHIR. */
export async function findClaim(world: ScenarioWorld, base: Omit<Scenario, 'available'>, holds: (eob: ExplanationOfBenefit) => boolean): Promise<Scenario | undefined> {
  for (const eob of world.store.all<ExplanationOfBenefit>('ExplanationOfBenefit')) {
    await world.slice();
    if (!holds(eob)) continue;
    const carc = denialCarc(eob);
    const subject: Record<string, string> = {
      eobId: eob.id ?? '',
      claimId: refId(eob.claim, 'Claim') ?? '',
      patientId: refId(eob.patient, 'Patient') ?? '',
      payerClaimNumber: identifierValue(eob.identifier, IDENTIFIER.payerClaimNumber) ?? '',
    };
    return {
      ...base,
      expect: carc && base.expect.carc !== undefined ? { ...base.expect, carc } : base.expect,
      available: true,
      subject: carc && base.expect.carc !== undefined ? { ...subject, carc } : subject,
      request: { method: 'GET', path: `/fhir/ExplanationOfBenefit/${eob.id ?? ''}`, headers: { accept: 'application/fhir+json' } },
    };
  }
  return undefined;
}
