import type { BillingSpec, FacilityLine, ProfessionalLine } from '../claims/billing-spec.js';
import {
  ANCILLARY_REVENUE,
  CLAIM_LIMITS,
  CLIA_WAIVED_CODES,
  HCPCS_CODES,
  MODIFIER,
  PROFESSIONAL_COMPONENT_CODES,
  REVENUE_CODE,
} from '../data/claims/billing.js';
import { VACCINE_ADMIN_CODES } from '../data/clinical/immunizations.js';
import { VENIPUNCTURE_CODE } from '../data/clinical/labs.js';

const MAX_POINTERS = CLAIM_LIMITS.pointersPerLine;

/** Accumulates diagnoses and lines for one encounter's claim(s); pointers are 1-based into `diagnoses`. */
export class BillingBuilder {
  readonly diagnoses: string[] = [];
  readonly professional: ProfessionalLine[] = [];
  readonly facility: FacilityLine[] = [];

  /** Adds a diagnosis (deduplicated, at most 12 as in 837P) and returns its pointer. */
  diagnosis(icd10: string): number {
    const at = this.diagnoses.indexOf(icd10);
    if (at >= 0) return at + 1;
    if (this.diagnoses.length >= CLAIM_LIMITS.diagnoses) return 1;
    this.diagnoses.push(icd10);
    return this.diagnoses.length;
  }

  /** Pointers to the first diagnoses (at most 4). */
  leading(): number[] {
    return this.diagnoses.slice(0, MAX_POINTERS).map((_, i) => i + 1);
  }

  pro(code: string, pointers: readonly number[], options: { quantity?: number; modifiers?: string[]; date?: string } = {}): void {
    const line: ProfessionalLine = {
      code,
      system: HCPCS_CODES.has(code) ? 'hcpcs' : 'cpt',
      quantity: options.quantity ?? 1,
      diagnosisPointers: pointers.slice(0, MAX_POINTERS),
    };
    if (options.modifiers && options.modifiers.length > 0) line.modifiers = options.modifiers;
    if (options.date) line.date = options.date;
    this.professional.push(line);
  }

  fac(revenue: string, code: string | undefined, pointers: readonly number[], quantity = 1, date?: string): void {
    const line: FacilityLine = { revenue, quantity, diagnosisPointers: pointers.slice(0, MAX_POINTERS) };
    if (code) {
      line.code = code;
      line.system = HCPCS_CODES.has(code) ? 'hcpcs' : 'cpt';
    }
    if (date) line.date = date;
    this.facility.push(line);
  }

  /** Vaccine product lines plus administration (first + each additional). */
  vaccines(cpts: readonly string[], pointer: number): void {
    if (cpts.length === 0) return;
    for (const cpt of cpts) this.pro(cpt, [pointer]);
    this.pro(VACCINE_ADMIN_CODES.first, [pointer]);
    if (cpts.length > 1) this.pro(VACCINE_ADMIN_CODES.additional, [pointer], { quantity: cpts.length - 1 });
  }

  /** Office labs: panel codes plus one venipuncture. */
  officeLabs(cpts: readonly string[], pointers: readonly number[]): void {
    if (cpts.length === 0) return;
    for (const cpt of cpts) this.pro(cpt, pointers);
    this.pro(VENIPUNCTURE_CODE, pointers);
  }

  /** Point-of-care tests in the office (QW where CLIA-waived). */
  officeTests(codes: readonly string[], pointers: readonly number[]): void {
    for (const code of codes) this.pro(code, pointers, { modifiers: CLIA_WAIVED_CODES.has(code) ? [MODIFIER.cliaWaived] : [] });
  }

  /** Ancillary services at a hospital: facility line under its revenue code, imaging read billed with modifier 26. */
  hospitalAncillaries(codes: readonly string[], pointers: readonly number[]): void {
    for (const code of codes) {
      this.fac(ANCILLARY_REVENUE[code] ?? REVENUE_CODE.laboratory, code, pointers);
      if (PROFESSIONAL_COMPONENT_CODES.has(code)) this.pro(code, pointers, { modifiers: [MODIFIER.professionalComponent] });
    }
  }

  spec(base: Omit<BillingSpec, 'diagnoses' | 'professional' | 'facility'>, facility?: Omit<NonNullable<BillingSpec['facility']>, 'lines'>): BillingSpec {
    // Written out, not spread: a spread object given further properties is V8's slow path (adjudication/eob-header.ts).
    const spec: BillingSpec = {
      encounterId: base.encounterId,
      startDate: base.startDate,
      endDate: base.endDate,
      placeOfService: base.placeOfService,
      renderingPractitionerId: base.renderingPractitionerId,
      renderingTaxonomy: base.renderingTaxonomy,
      billingOrganizationId: base.billingOrganizationId,
      facilityLocationId: base.facilityLocationId,
      diagnoses: this.diagnoses,
      professional: this.professional,
    };
    if (facility && this.facility.length > 0) {
      spec.facility = { typeOfBill: facility.typeOfBill, organizationId: facility.organizationId, lines: this.facility };
      if (facility.admission) spec.facility.admission = facility.admission;
    }
    return spec;
  }
}
