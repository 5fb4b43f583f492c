/** What the clinical generator hands the claim builder for one billable encounter (plain data, no FHIR). */
export interface ProfessionalLine {
  code: string;
  /** 'cpt' or 'hcpcs' (code system of the line). */
  system: 'cpt' | 'hcpcs';
  modifiers?: readonly string[];
  quantity: number;
  /** 1-based indexes into BillingSpec.diagnoses (at most 4). */
  diagnosisPointers: readonly number[];
  /** Service date when not the encounter start (YYYY-MM-DD). */
  date?: string;
}

export interface FacilityLine {
  revenue: string;
  /** HCPCS/CPT when the line has one (outpatient lines, procedures); absent for room and board. */
  code?: string;
  system?: 'cpt' | 'hcpcs';
  quantity: number;
  diagnosisPointers: readonly number[];
  date?: string;
}

export interface BillingSpec {
  encounterId: string;
  /** YYYY-MM-DD. */
  startDate: string;
  endDate: string;
  /** ICD-10-CM codes, principal first, no duplicates (at most 12). */
  diagnoses: readonly string[];
  placeOfService: string;
  renderingPractitionerId: string;
  renderingTaxonomy: string;
  billingOrganizationId: string;
  facilityLocationId: string;
  professional: readonly ProfessionalLine[];
  /** Facility (UB-04 / 837I) lines, when a hospital bills too. */
  facility?: {
    typeOfBill: string;
    organizationId: string;
    lines: readonly FacilityLine[];
    /** Inpatient admission period (YYYY-MM-DD). */
    admission?: { start: string; end: string };
  };
}
