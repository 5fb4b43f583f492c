import type { Claim, Coverage, MedicationDispense, Reference } from 'fhir/r4';
import { CODE_SYSTEM, IDENTIFIER } from '../conventions.js';
import { DRUG_PRICE_BY_NDC11, PHARMACY_PRICING } from '../data/claims/drug-benefit.js';
import { usd } from '../adjudication/money.js';
import { claimConcept } from './code-display.js';

type SupportingInfo = NonNullable<Claim['supportingInfo']>[number];

const PHARMACY_TYPE = { coding: [{ system: CODE_SYSTEM.claimType, code: 'pharmacy', display: 'Pharmacy' }] };
const PRIORITY_NORMAL = { coding: [{ system: CODE_SYSTEM.processPriority, code: 'normal' }] };
const PRESCRIBING = { coding: [{ system: CODE_SYSTEM.c4bbCareTeamRole, code: 'prescribing', display: 'Prescribing provider' }] };

/** Who and what a pharmacy claim is for. */
export interface PharmacyClaimParties {
  claimId: string;
  patientControlNumber: string;
  coverage: Coverage;
  /** The dispensing pharmacy Organization id. */
  pharmacyId: string;
  /** The prescriber (MedicationRequest.requester). */
  prescriber: Reference | undefined;
  /** 0 for the first fill, n for the n-th refill. */
  refillNumber: number;
}

function info(sequence: number, code: string, value: Omit<SupportingInfo, 'sequence' | 'category'>): SupportingInfo {
  return Object.assign({ sequence, category: claimConcept(CODE_SYSTEM.c4bbSupportingInfo, code) }, value);
}

/** Submitted (usual and customary) and per-unit charge in cents of `quantity` units of an NDC. */
export function pharmacyCharge(ndc11: string, quantity: number): { unitCents: number; netCents: number } {
  const price = DRUG_PRICE_BY_NDC11.get(ndc11);
  if (!price) throw new Error(`no drug price for NDC ${ndc11}`);
  const chargeCents = Math.round((price.unitCost * quantity + PHARMACY_PRICING.dispensingFee) * PHARMACY_PRICING.usualAndCustomaryMarkup * 100);
  // net = quantity x unitPrice (Claim.item.net), so the unit price is set first.
  const unitCents = Math.round(chargeCents / quantity);
  return { unitCents, netCents: Math.round(unitCents * quantity) };
}

/**
 * The pharmacy claim (NCPDP D.0 billing, not an 837) of one MedicationDispense, shaped like the CARIN Blue Button
 * pharmacy claim: the NDC (with the prescribed RxNorm concept) as the product, quantity, and days supply, refill
 * number and DAW code as supportingInfo; the pharmacy is the provider, the prescriber the care team.
 * https://hl7.org/fhir/us/carin-bb/StructureDefinition-C4BB-ExplanationOfBenefit-Pharmacy.html
 */
export function buildPharmacyClaim(dispense: MedicationDispense, parties: PharmacyClaimParties): Claim {
  const codings = dispense.medicationCodeableConcept?.coding ?? [];
  const ndc = codings.find((c) => c.system === CODE_SYSTEM.ndc)?.code ?? '';
  const price = DRUG_PRICE_BY_NDC11.get(ndc);
  const quantity = dispense.quantity?.value ?? 1;
  const { unitCents, netCents } = pharmacyCharge(ndc, quantity);
  const date = (dispense.whenHandedOver ?? dispense.whenPrepared ?? '').slice(0, 10);
  const claim: Claim = {
    resourceType: 'Claim',
    id: parties.claimId,
    identifier: [{ system: IDENTIFIER.patientControlNumber, value: parties.patientControlNumber }],
    status: 'active',
    type: PHARMACY_TYPE,
    use: 'claim',
    patient: dispense.subject ?? { reference: '' },
    billablePeriod: { start: date, end: date },
    created: date,
    insurer: parties.coverage.payor[0],
    provider: { reference: `Organization/${parties.pharmacyId}` },
    priority: PRIORITY_NORMAL,
    insurance: [{ sequence: 1, focal: true, coverage: { reference: `Coverage/${parties.coverage.id ?? ''}` } }],
  };
  if (dispense.authorizingPrescription?.[0]) claim.prescription = dispense.authorizingPrescription[0];
  if (parties.prescriber) claim.careTeam = [{ sequence: 1, provider: parties.prescriber, role: PRESCRIBING }];
  claim.supportingInfo = [
    info(1, 'dayssupply', { valueQuantity: { value: dispense.daysSupply?.value ?? 0 } }),
    info(2, 'refillnum', { valueQuantity: { value: parties.refillNumber } }),
    info(3, 'dawcode', { code: claimConcept(CODE_SYSTEM.ncpdpDaw, price?.daw ?? '0') }),
  ];
  claim.item = [{
    sequence: 1,
    productOrService: { coding: codings, text: dispense.medicationCodeableConcept?.text },
    servicedDate: date,
    quantity: { value: quantity, unit: dispense.quantity?.unit },
    unitPrice: usd(unitCents),
    net: usd(netCents),
  }];
  claim.total = usd(netCents);
  return claim;
}
