/**
 * How encounters are billed: place of service (CMS POS code set), type of bill (NUBC), E/M levels, and which codes
 * are preventive (no member cost share under ACA section 2713 / USPSTF A-B, ACIP vaccines).
 */
export const PLACE_OF_SERVICE = { office: '11', emergency: '23', inpatient: '21', outpatientHospital: '22', urgentCare: '20' } as const;

/** NUBC type of bill: 0111 hospital inpatient admit-through-discharge, 0131 hospital outpatient admit-through-discharge. */
export const TYPE_OF_BILL = { inpatient: '0111', outpatient: '0131' } as const;

/** NUBC UB-04 revenue codes used on institutional lines. */
export const REVENUE_CODE = {
  roomAndBoard: '0120', pharmacy: '0250', laboratory: '0300', radiology: '0320', operatingRoom: '0360',
  emergencyRoom: '0450', ekg: '0730', gastroIntestinal: '0750',
} as const;

/** NUBC inpatient codes: priority (type) of admission 1 emergency, point of origin 1 non-health-care point, discharge status 01 home. */
export const INPATIENT_CODES = { admissionType: '1', pointOfOrigin: '1', dischargeStatus: '01' } as const;

/** Preventive visit CPT by patient age (established patient, AMA CPT age bands). */
export const PREVENTIVE_VISIT_BY_AGE: readonly { maxAge: number; cpt: string }[] = [
  { maxAge: 0, cpt: '99391' }, { maxAge: 4, cpt: '99392' }, { maxAge: 11, cpt: '99393' }, { maxAge: 17, cpt: '99394' },
  { maxAge: 39, cpt: '99395' }, { maxAge: 64, cpt: '99396' }, { maxAge: 120, cpt: '99397' },
];

/**
 * Office E/M level mix by encounter kind, as weights for CPT 99212-99215 (CMS Part B utilization 2022: 99213 and
 * 99214 are ~ 85% of established visits).
 */
export const OFFICE_EM_LEVELS: Readonly<Record<'acute' | 'followup', readonly { cpt: string; weight: number }[]>> = {
  acute: [{ cpt: '99212', weight: 15 }, { cpt: '99213', weight: 55 }, { cpt: '99214', weight: 28 }, { cpt: '99215', weight: 2 }],
  followup: [{ cpt: '99213', weight: 40 }, { cpt: '99214', weight: 52 }, { cpt: '99215', weight: 8 }],
};
/** ED E/M level mix (CMS Part B 2022 ED visit level shares, levels 3-5). */
export const ED_EM_LEVELS: readonly { cpt: string; weight: number }[] = [
  { cpt: '99283', weight: 30 }, { cpt: '99284', weight: 40 }, { cpt: '99285', weight: 30 },
];
/** Inpatient physician codes: initial hospital care, discharge day management. */
export const INPATIENT_EM = { initial: '99223', discharge: '99238' } as const;
/** Routine drugs per inpatient day billed under pharmacy revenue (units = days). */
export const INPATIENT_DAILY_LINES: readonly string[] = ['0120', '0250'];

/** Preventive codes: covered in full, no deductible/copay/coinsurance. */
export const PREVENTIVE_CODES: ReadonlySet<string> = new Set([
  '99381', '99382', '99383', '99384', '99385', '99386', '99387',
  '99391', '99392', '99393', '99394', '99395', '99396', '99397',
  '90471', '90472', '90460', '90461',
  '90744', '90680', '90700', '90647', '90670', '90713', '90707', '90716', '90633', '90715', '90651', '90734', '90714', '90750', '90677', '90686',
  'G0121',
]);
/** Lines pointing first at one of these ICD-10-CM prefixes are preventive too (routine exam, immunization, screening). */
export const PREVENTIVE_DIAGNOSIS_PREFIXES: readonly string[] = ['Z00.', 'Z23', 'Z12.'];

/** Routine exam diagnosis codes (ICD-10-CM): adult without / child without abnormal findings; immunization encounter. */
export const ROUTINE_EXAM_ICD10 = { adult: 'Z00.00', child: 'Z00.129', immunization: 'Z23' } as const;
/** ICD-10-CM titles (CMS, public domain) of the reason codes put on encounters: the one ICD-10-CM title table. */
export { ICD10CM_DISPLAY as ICD10_TITLE } from './code-displays.js';

/** Office E/M codes that carry an office copay (CPT 99202-99215). */
export const OFFICE_EM_CODES: ReadonlySet<string> = new Set(['99202', '99203', '99204', '99205', '99211', '99212', '99213', '99214', '99215']);

/** NUCC taxonomy codes counted as primary care for copays (NUCC Health Care Provider Taxonomy code set 25.0). */
export const PRIMARY_CARE_TAXONOMIES: ReadonlySet<string> = new Set([
  '207Q00000X', '207R00000X', '208D00000X', '208000000X', '207RG0300X', '363LF0000X', '363LP0200X', '363LA2200X', '363A00000X',
]);
/** Taxonomy used when the rendering provider's is unknown (family medicine). */
export const DEFAULT_TAXONOMY = '207Q00000X';
/** Emergency medicine (NUCC) for ED physicians found in the directory. */
export const EMERGENCY_TAXONOMY = '207P00000X';

/** Days from service to claim creation and to adjudication (CMS: most clean claims paid within 14-30 days). */
export const CLAIM_LAG_DAYS = { submitMin: 1, submitMax: 7, adjudicateMin: 7, adjudicateMax: 24 } as const;

/** Revenue code for ancillary lines billed by a hospital (NUBC): labs 030x, imaging 032x. */
export const ANCILLARY_REVENUE: Readonly<Record<string, string>> = {
  '71046': '0320', '73610': '0320', '87880': '0300', '87804': '0300', '81003': '0300',
};
/** Imaging read by the ED physician is billed with modifier 26 (professional component, CMS PFS). */
export const PROFESSIONAL_COMPONENT_CODES: ReadonlySet<string> = new Set(['71046', '73610']);
/** CLIA-waived point-of-care tests billed with modifier QW in the office (CMS CLIA waived tests list). */
export const CLIA_WAIVED_CODES: ReadonlySet<string> = new Set(['87880', '87804']);
/** HCPCS Level II codes among the codes we bill (the rest are CPT). */
export const HCPCS_CODES: ReadonlySet<string> = new Set(['G0121']);
/** NUCC taxonomy: general surgery; hospitalist (inpatient stays without surgery). */
export const SURGERY_TAXONOMY = '208600000X';
export const HOSPITALIST_TAXONOMY = '208M00001X';

/** Modifiers (CPT / HCPCS Level II): 25 significant separately identifiable E/M, 26 professional component, QW CLIA-waived test. */
export const MODIFIER = { separateEm: '25', professionalComponent: '26', cliaWaived: 'QW' } as const;
/** 837P limits: 12 diagnosis codes per claim (HI), 4 pointers per service line (SV107). */
export const CLAIM_LIMITS = { diagnoses: 12, pointersPerLine: 4 } as const;
