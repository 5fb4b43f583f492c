import type { MedicationDispense, MedicationRequest, Organization, Resource } from 'fhir/r4';
import { buildPharmacyClaim } from '../claims/pharmacy-claim.js';
import { patientControlNumber, type ClaimNumbering } from '../claims/claims-for-encounter.js';
import { coverageForDate } from '../claims/coverage-in-force.js';
import { CODE_SYSTEM } from '../conventions.js';
import { RETAIL_PHARMACY_TAXONOMY } from '../data/claims/drug-benefit.js';
import type { Directory, PatientContext } from '../model.js';
import { EOB_PLACEHOLDER, type PendingClaim } from './family-adjudication.js';

const pharmacyIndex = new WeakMap<Directory, Map<string, Organization>>();

/** The retail pharmacy in the ZIP of `near` (the member's primary care practice), else the directory's first. */
export function pharmacyNear(directory: Directory, near: Organization): Organization | undefined {
  let byZip = pharmacyIndex.get(directory);
  if (!byZip) {
    byZip = new Map();
    for (const org of directory.providerOrganizations) {
      const retail = org.type?.some((t) => t.coding?.some((c) => c.system === CODE_SYSTEM.nuccTaxonomy && c.code === RETAIL_PHARMACY_TAXONOMY.code));
      const zip = (org.address?.[0]?.postalCode ?? '').slice(0, 5);
      if (retail && !byZip.has(zip)) byZip.set(zip, org);
      if (retail && !byZip.has('')) byZip.set('', org);
    }
    pharmacyIndex.set(directory, byZip);
  }
  return byZip.get((near.address?.[0]?.postalCode ?? '').slice(0, 5)) ?? byZip.get('');
}

/**
 * Appends to a member's record a pharmacy Claim per MedicationDispense filled while covered (coverage in force), each with an EOB slot
 * for adjudicateFamily; adjudicated the day of the fill (real-time point-of-sale, NCPDP D.0). No random draws, so
 * every other record stays the same. Claims are numbered after the patient's medical claims (`numbering`).
 */
export function appendPharmacyClaims(ctx: PatientContext, out: Resource[], pending: PendingClaim[], numbering: ClaimNumbering): void {
  const pharmacy = pharmacyNear(ctx.directory, ctx.primaryCare.organization);
  if (!pharmacy?.id) return;
  const requests = new Map<string, MedicationRequest>();
  const refills = new Map<string, number>();
  const dispenses: MedicationDispense[] = [];
  for (const r of out) {
    if (r.resourceType === 'MedicationRequest') requests.set(`MedicationRequest/${r.id ?? ''}`, r as MedicationRequest);
    else if (r.resourceType === 'MedicationDispense') dispenses.push(r as MedicationDispense);
  }
  for (const dispense of dispenses) {
    const prescription = dispense.authorizingPrescription?.[0]?.reference ?? '';
    const refillNumber = refills.get(prescription) ?? 0;
    refills.set(prescription, refillNumber + 1);
    const date = (dispense.whenHandedOver ?? '').slice(0, 10);
    const coverage = coverageForDate(ctx.coverages, date);
    const plan = coverage?.id ? ctx.plans.get(coverage.id) : undefined;
    // The pharmacy checks eligibility at the counter: after a termination the fill is paid in cash, not claimed.
    const end = coverage?.period?.end?.slice(0, 10);
    if (!coverage || !plan || (end !== undefined && date > end)) continue;
    const n = numbering.next();
    const claim = buildPharmacyClaim(dispense, {
      claimId: `clm-${ctx.patientIndex}-${n}`,
      patientControlNumber: patientControlNumber(ctx.patientIndex, n),
      coverage,
      pharmacyId: pharmacy.id,
      prescriber: requests.get(prescription)?.requester,
      refillNumber,
    });
    out.push(claim);
    pending.push({ claim, coverage, plan, serviceDate: date, processedDate: date, slot: out.length, pended: false, secondary: undefined });
    out.push(EOB_PLACEHOLDER);
  }
}
