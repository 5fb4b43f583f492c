import type { Claim, CodeableConcept, Coverage } from 'fhir/r4';
import { CODE_SYSTEM, IDENTIFIER } from '../conventions.js';
import { CHARGE_MULTIPLIER, FEE_SCHEDULE, UNLISTED_CODE_CHARGE } from '../data/claims/fee-schedule.js';
import { INPATIENT_CODES } from '../data/claims/billing.js';
import { usd } from '../adjudication/money.js';
import type { BillingSpec } from './billing-spec.js';
import { claimConcept } from './code-display.js';

type ClaimItem = NonNullable<Claim['item']>[number];
type SupportingInfo = NonNullable<Claim['supportingInfo']>[number];

const TYPE = {
  professional: { coding: [{ system: CODE_SYSTEM.claimType, code: 'professional' }] },
  institutional: { coding: [{ system: CODE_SYSTEM.claimType, code: 'institutional' }] },
} satisfies Record<string, CodeableConcept>;
const PRIORITY_NORMAL = { coding: [{ system: CODE_SYSTEM.processPriority, code: 'normal' }] };
const ROLE_PRIMARY = { coding: [{ system: CODE_SYSTEM.claimCareTeamRole, code: 'primary' }] };
const PRINCIPAL = [{ coding: [{ system: CODE_SYSTEM.diagnosisType, code: 'principal' }] }];
const NOT_APPLICABLE = { coding: [{ system: CODE_SYSTEM.dataAbsentReason, code: 'not-applicable' }] };
const SYSTEM_OF = { cpt: CODE_SYSTEM.cpt, hcpcs: CODE_SYSTEM.hcpcs } as const;

/** Charge in cents for a fee schedule key (reference amount x charge multiplier, whole dollars). */
function chargeCents(key: string, kind: 'professional' | 'institutional'): number {
  const reference = FEE_SCHEDULE[key];
  const dollars = reference === undefined ? UNLISTED_CODE_CHARGE : Math.round(reference * CHARGE_MULTIPLIER[kind]);
  return dollars * 100;
}

function facilityChargeKey(revenue: string, code: string | undefined): string {
  if (code && FEE_SCHEDULE[`rev:${revenue}:${code}`] !== undefined) return `rev:${revenue}:${code}`;
  if (FEE_SCHEDULE[`rev:${revenue}`] !== undefined) return `rev:${revenue}`;
  return code ?? `rev:${revenue}`;
}

export interface ClaimParties {
  claimId: string;
  /** Patient control number (837 CLM01): unique, <= 20 chars, no X12 delimiters. */
  patientControlNumber: string;
  patientId: string;
  coverage: Coverage;
  /** YYYY-MM-DD the provider created the claim. */
  created: string;
}

function base(kind: 'professional' | 'institutional', spec: BillingSpec, parties: ClaimParties, providerOrgId: string): Claim {
  return {
    resourceType: 'Claim',
    id: parties.claimId,
    identifier: [{ system: IDENTIFIER.patientControlNumber, value: parties.patientControlNumber }],
    status: 'active',
    type: TYPE[kind],
    use: 'claim',
    patient: { reference: `Patient/${parties.patientId}` },
    billablePeriod: { start: spec.startDate, end: spec.endDate },
    created: parties.created,
    insurer: parties.coverage.payor[0],
    provider: { reference: `Organization/${providerOrgId}` },
    priority: PRIORITY_NORMAL,
    careTeam: [{
      sequence: 1,
      provider: { reference: `Practitioner/${spec.renderingPractitionerId}` },
      role: ROLE_PRIMARY,
      qualification: claimConcept(CODE_SYSTEM.nuccTaxonomy, spec.renderingTaxonomy),
    }],
    diagnosis: spec.diagnoses.map((code, i) => i === 0
      ? { sequence: 1, diagnosisCodeableConcept: claimConcept(CODE_SYSTEM.icd10cm, code), type: PRINCIPAL }
      : { sequence: i + 1, diagnosisCodeableConcept: claimConcept(CODE_SYSTEM.icd10cm, code) }),
    insurance: [{ sequence: 1, focal: true, coverage: { reference: `Coverage/${parties.coverage.id ?? ''}` } }],
    facility: { reference: `Location/${spec.facilityLocationId}` },
  };
}

function finish(claim: Claim, items: ClaimItem[], totalCents: number): Claim {
  claim.item = items;
  claim.total = usd(totalCents);
  return claim;
}

/** The professional claim (837P / CMS-1500) for a billable encounter. https://hl7.org/fhir/R4/claim.html */
export function buildProfessionalClaim(spec: BillingSpec, parties: ClaimParties): Claim {
  const claim = base('professional', spec, parties, spec.billingOrganizationId);
  const pos = claimConcept(CODE_SYSTEM.placeOfService, spec.placeOfService);
  let total = 0;
  const items = spec.professional.map((line, i): ClaimItem => {
    const unit = chargeCents(line.code, 'professional');
    const net = unit * line.quantity;
    total += net;
    const item: ClaimItem = {
      sequence: i + 1,
      careTeamSequence: [1],
      diagnosisSequence: [...line.diagnosisPointers],
      productOrService: claimConcept(SYSTEM_OF[line.system], line.code),
    };
    if (line.modifiers && line.modifiers.length > 0) {
      // Numeric modifiers (25, 26) are CPT modifiers; alphabetic ones (QW) are HCPCS Level II modifiers.
      item.modifier = line.modifiers.map((m) => claimConcept(/^\d+$/.test(m) ? CODE_SYSTEM.procedureModifier : CODE_SYSTEM.hcpcs, m));
    }
    item.servicedDate = line.date ?? spec.startDate;
    item.locationCodeableConcept = pos;
    item.quantity = { value: line.quantity };
    item.unitPrice = usd(unit);
    item.net = usd(net);
    return item;
  });
  return finish(claim, items, total);
}

/** The institutional claim (837I / UB-04) for the facility part of an encounter. https://hl7.org/fhir/R4/claim.html */
export function buildInstitutionalClaim(spec: BillingSpec, parties: ClaimParties): Claim {
  const facility = spec.facility;
  if (!facility) throw new Error(`encounter ${spec.encounterId} has no facility billing`);
  const claim = base('institutional', spec, parties, facility.organizationId);
  const info: SupportingInfo[] = [{
    sequence: 1,
    category: claimConcept(CODE_SYSTEM.c4bbSupportingInfo, 'typeofbill'),
    code: claimConcept(CODE_SYSTEM.typeOfBill, facility.typeOfBill),
  }];
  if (facility.admission) {
    info.push(
      { sequence: 2, category: { coding: [{ system: CODE_SYSTEM.c4bbSupportingInfo, code: 'admissionperiod' }] }, timingPeriod: { start: facility.admission.start, end: facility.admission.end } },
      { sequence: 3, category: { coding: [{ system: CODE_SYSTEM.c4bbSupportingInfo, code: 'admtype' }] }, code: { coding: [{ system: CODE_SYSTEM.nubcAdmissionType, code: INPATIENT_CODES.admissionType }] } },
      { sequence: 4, category: { coding: [{ system: CODE_SYSTEM.c4bbSupportingInfo, code: 'pointoforigin' }] }, code: { coding: [{ system: CODE_SYSTEM.nubcPointOfOrigin, code: INPATIENT_CODES.pointOfOrigin }] } },
      { sequence: 5, category: { coding: [{ system: CODE_SYSTEM.c4bbSupportingInfo, code: 'discharge-status' }] }, code: { coding: [{ system: CODE_SYSTEM.nubcDischargeStatus, code: INPATIENT_CODES.dischargeStatus }] } },
    );
  }
  claim.supportingInfo = info;
  const pos = claimConcept(CODE_SYSTEM.placeOfService, spec.placeOfService);
  let total = 0;
  const items = facility.lines.map((line, i): ClaimItem => {
    const unit = chargeCents(facilityChargeKey(line.revenue, line.code), 'institutional');
    const net = unit * line.quantity;
    total += net;
    return {
      sequence: i + 1,
      careTeamSequence: [1],
      diagnosisSequence: [...line.diagnosisPointers],
      revenue: claimConcept(CODE_SYSTEM.revenueCode, line.revenue),
      productOrService: line.code && line.system
        ? claimConcept(SYSTEM_OF[line.system], line.code)
        : NOT_APPLICABLE,
      servicedDate: line.date ?? spec.startDate,
      locationCodeableConcept: pos,
      quantity: { value: line.quantity },
      unitPrice: usd(unit),
      net: usd(net),
    };
  });
  return finish(claim, items, total);
}
