/**
 * Display text for the codes put on Claim and ExplanationOfBenefit resources, by code system. X12 carries codes
 * only, so these change nothing in the 837 / 835 (test/edi golden files); they make the FHIR face readable.
 * Every code the claim tables can produce has an entry (checked at load by check-tables.ts).
 */

/**
 * ICD-10-CM FY2026 code titles, CMS/NCHS (public domain):
 * https://www.cms.gov/medicare/coding-billing/icd-10-codes. The full title, not the shortened condition name
 * the clinical tables put on Condition (that one is the SNOMED CT display).
 */
export const ICD10CM_DISPLAY: Readonly<Record<string, string>> = {
  'E10.9': 'Type 1 diabetes mellitus without complications',
  'E11.9': 'Type 2 diabetes mellitus without complications',
  'E66.9': 'Obesity, unspecified',
  'E78.5': 'Hyperlipidemia, unspecified',
  'F32.9': 'Major depressive disorder, single episode, unspecified',
  'H66.90': 'Otitis media, unspecified, unspecified ear',
  I10: 'Essential (primary) hypertension',
  'J01.90': 'Acute sinusitis, unspecified',
  'J02.9': 'Acute pharyngitis, unspecified',
  'J06.9': 'Acute upper respiratory infection, unspecified',
  'J11.1': 'Influenza due to unidentified influenza virus with other respiratory manifestations',
  'J18.9': 'Pneumonia, unspecified organism',
  'J20.9': 'Acute bronchitis, unspecified',
  'J44.1': 'Chronic obstructive pulmonary disease with (acute) exacerbation',
  'J44.9': 'Chronic obstructive pulmonary disease, unspecified',
  'J45.909': 'Unspecified asthma, uncomplicated',
  'K35.80': 'Unspecified acute appendicitis',
  'L03.90': 'Cellulitis, unspecified',
  'M54.50': 'Low back pain, unspecified',
  'N18.3': 'Chronic kidney disease, stage 3 (moderate)',
  'N39.0': 'Urinary tract infection, site not specified',
  'R07.9': 'Chest pain, unspecified',
  'R10.9': 'Unspecified abdominal pain',
  'R50.9': 'Fever, unspecified',
  'S93.401A': 'Sprain of unspecified ligament of right ankle, initial encounter',
  'Z00.00': 'Encounter for general adult medical examination without abnormal findings',
  'Z00.129': 'Encounter for routine child health examination without abnormal findings',
  'Z12.11': 'Encounter for screening for malignant neoplasm of colon',
  Z23: 'Encounter for immunization',
};

/**
 * CPT codes and modifiers. CPT descriptors are AMA copyright, so these are our own short plain-language
 * descriptions of each code (as consumer-facing EOBs use), not the AMA text.
 */
export const CPT_DISPLAY: Readonly<Record<string, string>> = {
  '99203': 'Office visit, new patient, low complexity',
  '99204': 'Office visit, new patient, moderate complexity',
  '99212': 'Office visit, established patient, straightforward',
  '99213': 'Office visit, established patient, low complexity',
  '99214': 'Office visit, established patient, moderate complexity',
  '99215': 'Office visit, established patient, high complexity',
  '99381': 'Preventive visit, new patient, under 1 year',
  '99382': 'Preventive visit, new patient, age 1-4',
  '99383': 'Preventive visit, new patient, age 5-11',
  '99384': 'Preventive visit, new patient, age 12-17',
  '99385': 'Preventive visit, new patient, age 18-39',
  '99386': 'Preventive visit, new patient, age 40-64',
  '99387': 'Preventive visit, new patient, 65 and over',
  '99391': 'Preventive visit, established patient, under 1 year',
  '99392': 'Preventive visit, established patient, age 1-4',
  '99393': 'Preventive visit, established patient, age 5-11',
  '99394': 'Preventive visit, established patient, age 12-17',
  '99395': 'Preventive visit, established patient, age 18-39',
  '99396': 'Preventive visit, established patient, age 40-64',
  '99397': 'Preventive visit, established patient, 65 and over',
  '99283': 'Emergency department visit, low complexity',
  '99284': 'Emergency department visit, moderate complexity',
  '99285': 'Emergency department visit, high complexity',
  '99223': 'Initial hospital inpatient care, high complexity',
  '99238': 'Hospital discharge day management, 30 minutes or less',
  '85025': 'Complete blood count (CBC) with automated differential',
  '80048': 'Basic metabolic panel',
  '80061': 'Lipid panel',
  '83036': 'Hemoglobin A1c',
  '36415': 'Routine venipuncture (blood draw)',
  '87880': 'Rapid strep test (group A streptococcus antigen)',
  '87804': 'Rapid influenza test (immunoassay)',
  '81003': 'Urinalysis, automated, without microscopy',
  '93005': 'Electrocardiogram (ECG), tracing only',
  '93010': 'Electrocardiogram (ECG), interpretation and report',
  '71046': 'Chest X-ray, 2 views',
  '73610': 'Ankle X-ray, 3 or more views',
  '44970': 'Laparoscopic appendectomy',
  '90460': 'Vaccine administration with counseling, through age 18, first component',
  '90461': 'Vaccine administration with counseling, through age 18, each additional component',
  '90471': 'Vaccine administration, first vaccine',
  '90472': 'Vaccine administration, each additional vaccine',
  '90633': 'Hepatitis A vaccine, pediatric/adolescent, 2 doses',
  '90647': 'Haemophilus influenzae type b (Hib) vaccine, PRP-OMP',
  '90651': 'Human papillomavirus (HPV) vaccine, 9-valent',
  '90670': 'Pneumococcal conjugate vaccine, 13-valent',
  '90677': 'Pneumococcal conjugate vaccine, 20-valent',
  '90680': 'Rotavirus vaccine, pentavalent, oral',
  '90686': 'Influenza vaccine, quadrivalent, preservative free, 3 years and older',
  '90700': 'DTaP vaccine, under 7 years',
  '90707': 'Measles, mumps and rubella (MMR) vaccine, live',
  '90713': 'Poliovirus vaccine, inactivated (IPV)',
  '90714': 'Tetanus and diphtheria (Td) vaccine, 7 years and older',
  '90715': 'Tdap vaccine, 7 years and older',
  '90716': 'Varicella (chickenpox) vaccine, live',
  '90734': 'Meningococcal conjugate vaccine (MenACWY)',
  '90744': 'Hepatitis B vaccine, pediatric/adolescent',
  '90750': 'Zoster (shingles) vaccine, recombinant',
  // Modifiers.
  '25': 'Significant, separately identifiable E/M service on the same day',
  '26': 'Professional component',
};

/** HCPCS Level II codes and modifiers: CMS HCPCS long descriptors (public domain), https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system. */
export const HCPCS_DISPLAY: Readonly<Record<string, string>> = {
  G0121: 'Colorectal cancer screening; colonoscopy on individual not meeting criteria for high risk',
  QW: 'CLIA-waived test',
};

/** CMS Place of Service code set (public domain), https://www.cms.gov/medicare/coding-billing/place-of-service-codes/code-sets. */
export const PLACE_OF_SERVICE_DISPLAY: Readonly<Record<string, string>> = {
  '11': 'Office',
  '20': 'Urgent Care Facility',
  '21': 'Inpatient Hospital',
  '22': 'On Campus-Outpatient Hospital',
  '23': 'Emergency Room - Hospital',
};

/** NUBC UB-04 revenue codes (the NUBC manual is licensed; these are the common category names). */
export const REVENUE_CODE_DISPLAY: Readonly<Record<string, string>> = {
  '0120': 'Room and board, semi-private (two beds)',
  '0250': 'Pharmacy, general',
  '0300': 'Laboratory, general',
  '0320': 'Radiology, diagnostic, general',
  '0360': 'Operating room services, general',
  '0450': 'Emergency room, general',
  '0730': 'EKG/ECG, general',
  '0750': 'Gastrointestinal services, general',
};

/** X12 Claim Adjustment Reason Codes (the published list's descriptions), https://x12.org/codes/claim-adjustment-reason-codes. */
export const CARC_DISPLAY: Readonly<Record<string, string>> = {
  '16': 'Claim/service lacks information or has submission/billing error(s)',
  '27': 'Expenses incurred after coverage terminated',
  '96': 'Non-covered charge(s)',
  '204': "This service/equipment/drug is not covered under the patient's current benefit plan",
};

/** X12 Claim Adjustment Group Codes (835 CAS01), https://x12.org/codes/claim-adjustment-group-codes. */
export const CARC_GROUP_DISPLAY: Readonly<Record<string, string>> = {
  CO: 'Contractual Obligations',
  PR: 'Patient Responsibility',
  OA: 'Other Adjustments',
  PI: 'Payor Initiated Reductions',
};
