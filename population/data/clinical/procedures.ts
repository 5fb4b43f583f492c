/**
 * Procedures recorded as FHIR Procedure (SNOMED CT) and billed with CPT/HCPCS: professional code and, where a
 * facility bills, its code and NUBC revenue code (NUBC UB-04 revenue code list).
 */
export interface ProcedureRow {
  key: string;
  snomed: string;
  display: string;
  /** Code billed on the professional claim (CPT or HCPCS Level II). */
  professionalCode: string;
  /** Code and revenue code billed on the institutional claim. */
  facilityCode?: string;
  revenue: string;
  /** Diagnosis the procedure is coded with when it is a screening (ICD-10-CM). */
  screeningIcd10?: string;
}

export const PROCEDURES: readonly ProcedureRow[] = [
  { key: 'ecg', snomed: '29303009', display: 'Electrocardiographic procedure', professionalCode: '93010', facilityCode: '93005', revenue: '0730' },
  { key: 'colonoscopy', snomed: '73761001', display: 'Colonoscopy', professionalCode: 'G0121', facilityCode: 'G0121', revenue: '0750', screeningIcd10: 'Z12.11' },
  { key: 'appendectomy', snomed: '80146002', display: 'Appendectomy', professionalCode: '44970', facilityCode: '44970', revenue: '0360' },
];
