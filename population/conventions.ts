/**
 * Identifier systems, code systems and extension URLs shared by the generator, the FHIR face and the
 * X12 projections. One place, so a member id in an 834 is found by the same system in FHIR search.
 */
export const IDENTIFIER = {
  /** National Provider Identifier (https://hl7.org/fhir/R4/identifier-registry.html). */
  npi: 'http://hl7.org/fhir/sid/us-npi',
  /** Employer / tax id for organizations. */
  ein: 'urn:oid:2.16.840.1.113883.4.4',
  /** Medical record number assigned by our provider network. */
  mrn: 'https://cdg.example.org/fhir/sid/mrn',
  /** Health plan member id (Patient.identifier type MB; X12 NM109 with MI qualifier; 834 REF*0F for subscribers). */
  memberId: 'https://cdg.example.org/fhir/sid/member-id',
  /** Payer id used in X12 (NM1*PR NM109 with PI qualifier, 835 N1*PR, 834 N1*IN). */
  payerId: 'https://cdg.example.org/fhir/sid/payer-id',
  /** Claim patient control number (837 CLM01, echoed in 835 CLP01). */
  patientControlNumber: 'https://cdg.example.org/fhir/sid/patient-control-number',
  /**
   * The X12 submission an inbound claim came in (Claim.identifier of an 837 claim we accepted): sender ISA05:ISA06,
   * ISA13, GS06, ST02, a digest of the set and CLM01, so the same file sent again is known as the same claims.
   */
  x12Submission: 'https://cdg.example.org/fhir/sid/x12-claim-submission',
  /** Payer claim control number (835 CLP07). */
  payerClaimNumber: 'https://cdg.example.org/fhir/sid/payer-claim-number',
  /** Group number on the plan (Coverage.class group). */
  groupNumber: 'https://cdg.example.org/fhir/sid/group-number',
  /** Payment trace number (835 TRN02: check or EFT number), on ExplanationOfBenefit.payment.identifier. */
  paymentTrace: 'https://cdg.example.org/fhir/sid/payment-trace-number',
  /** Plan key (InsurancePlan.identifier; Coverage.class plan value). */
  planId: 'https://cdg.example.org/fhir/sid/plan-id',
  /** NCPDP Provider Identification Number of a pharmacy (7 digits; https://terminology.hl7.org/NamingSystem-NCPDPProviderIdentificationNumber.html). */
  ncpdpProviderId: 'http://terminology.hl7.org/CodeSystem/NCPDPProviderIdentificationNumber',
} as const;

export const CODE_SYSTEM = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  /** National Drug Code, 11-digit 5-4-2 without hyphens (https://terminology.hl7.org/NamingSystem-ndc.html). */
  ndc: 'http://hl7.org/fhir/sid/ndc',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  /** ADA CDT, ADA Universal tooth numbers (1-32, A-T) and tooth surfaces (THO URIs; X12 SV301-1 AD, TOO01 JP, TOO03). */
  cdt: 'http://www.ada.org/cdt',
  adaTooth: 'http://terminology.hl7.org/CodeSystem/ADAUniversalToothDesignationSystem',
  adaToothSurface: 'http://terminology.hl7.org/CodeSystem/ADAToothSurfaceCodes',
  nuccTaxonomy: 'http://nucc.org/provider-taxonomy',
  placeOfService: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
  revenueCode: 'https://www.nubc.org/CodeSystem/RevenueCodes',
  typeOfBill: 'https://www.nubc.org/CodeSystem/TypeOfBill',
  carc: 'https://x12.org/codes/claim-adjustment-reason-codes',
  carcGroup: 'https://x12.org/codes/claim-adjustment-group-codes',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  v3ActCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  v3RoleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  v3MaritalStatus: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus',
  raceEthnicity: 'urn:oid:2.16.840.1.113883.6.238',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  observationInterpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  diagnosticServiceSection: 'http://terminology.hl7.org/CodeSystem/v2-0074',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  coverageCopayType: 'http://terminology.hl7.org/CodeSystem/coverage-copay-type',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  adjudication: 'http://terminology.hl7.org/CodeSystem/adjudication',
  payeeType: 'http://terminology.hl7.org/CodeSystem/payeetype',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  diagnosisType: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype',
  benefitCategory: 'http://terminology.hl7.org/CodeSystem/ex-benefitcategory',
  benefitType: 'http://terminology.hl7.org/CodeSystem/benefit-type',
  benefitNetwork: 'http://terminology.hl7.org/CodeSystem/benefit-network',
  benefitUnit: 'http://terminology.hl7.org/CodeSystem/benefit-unit',
  benefitTerm: 'http://terminology.hl7.org/CodeSystem/benefit-term',
  /** X12 service type codes (EB03 / EQ01), as used by 270/271. */
  x12ServiceType: 'https://x12.org/codes/service-type-codes',
  /** X12 individual relationship codes (INS02 / PAT01 / SBR02). */
  x12Relationship: 'https://x12.org/codes/individual-relationship-codes',
  insurancePlanType: 'http://terminology.hl7.org/CodeSystem/insurance-plan-type',
  /** CARIN Blue Button adjudication categories (coinsurance, paidtoprovider, memberliability, ...). */
  c4bbAdjudication: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication',
  /** CARIN Blue Button supporting info types (typeofbill, admissionperiod, pointoforigin, ...). */
  c4bbSupportingInfo: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType',
  /** CARIN Blue Button claim-level adjudication discriminator (e.g. denialreason). */
  /** NCPDP Dispense As Written (DAW) / product selection code (CARIN BB pharmacy supportingInfo dawcode). */
  ncpdpDaw: 'http://terminology.hl7.org/CodeSystem/NCPDPDispensedAsWrittenOrProductSelectionCode',
  /** CARIN Blue Button care team roles (prescribing on pharmacy claims). */
  c4bbCareTeamRole: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole',
  c4bbAdjudicationDiscriminator: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator',
  /** Encounter participant type (PPRF primary performer, ATND attender). */
  v3ParticipationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  /** Encounter.hospitalization.dischargeDisposition. */
  dischargeDisposition: 'http://terminology.hl7.org/CodeSystem/discharge-disposition',
  /** Claim.careTeam.role (primary, supervisor, ...). */
  claimCareTeamRole: 'http://terminology.hl7.org/CodeSystem/claimcareteamrole',
  /** ExplanationOfBenefit.payment.type (complete, partial). */
  paymentType: 'http://terminology.hl7.org/CodeSystem/ex-paymenttype',
  /** For a required element with no applicable code (e.g. productOrService of a room-and-board line). */
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  /** NUBC priority (type) of admission or visit (UB-04 FL14, 837I CL101). */
  nubcAdmissionType: 'https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit',
  /** NUBC point of origin for admission or visit (UB-04 FL15, 837I CL102). */
  nubcPointOfOrigin: 'https://www.nubc.org/CodeSystem/PointOfOrigin',
  /** NUBC patient discharge status (UB-04 FL17, 837I CL103). */
  nubcDischargeStatus: 'https://www.nubc.org/CodeSystem/PatDischargeStatus',
  /** CPT procedure modifiers (numeric, e.g. 25, 26; 837 SV101-3..); HCPCS Level II modifiers (e.g. QW) use `hcpcs`. */
  procedureModifier: 'http://www.ama-assn.org/go/cpt',
  /** v2 degree/license/certificate (Practitioner.qualification: MD, DO, NP). */
  v2Degree: 'http://terminology.hl7.org/CodeSystem/v2-0360',
  /** Practitioner role codes (doctor, nurse, ...). */
  practitionerRole: 'http://terminology.hl7.org/CodeSystem/practitioner-role',
  /** In-network / out-of-network applicability of a plan cost. */
  applicability: 'http://terminology.hl7.org/CodeSystem/applicability',
  /** Currency codes (as a Quantity system for money amounts). */
  iso4217: 'urn:iso:std:iso:4217',
  /** Language tags (Patient.communication.language). */
  bcp47: 'urn:ietf:bcp:47',
} as const;

export const EXTENSION = {
  usCoreRace: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race',
  usCoreEthnicity: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity',
  usCoreBirthSex: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex',
  /** Household id shared by a subscriber and dependents (valueString). */
  householdId: 'https://cdg.example.org/fhir/StructureDefinition/household-id',
  /** Index of the patient in the generated population (valueInteger); lets a patient be regenerated alone. */
  patientIndex: 'https://cdg.example.org/fhir/StructureDefinition/patient-index',
} as const;

/**
 * How money is recorded on ExplanationOfBenefit.item[].adjudication (and EOB.total), so the 835
 * projection can derive CAS segments without a second copy of any amount:
 *   CO-45 = submitted - eligible; PR-1 = deductible; PR-2 = coinsurance; PR-3 = copay;
 *   paid (benefit) = eligible - deductible - coinsurance - copay.
 * A denied line carries one `denial` entry whose reason is a CARC code and whose category has the
 * CAS group code; its amount equals the submitted charge and eligible = benefit = 0.
 */
export const ADJUDICATION = {
  submitted: { system: CODE_SYSTEM.adjudication, code: 'submitted' },
  eligible: { system: CODE_SYSTEM.adjudication, code: 'eligible' },
  deductible: { system: CODE_SYSTEM.adjudication, code: 'deductible' },
  copay: { system: CODE_SYSTEM.adjudication, code: 'copay' },
  coinsurance: { system: CODE_SYSTEM.c4bbAdjudication, code: 'coinsurance' },
  benefit: { system: CODE_SYSTEM.adjudication, code: 'benefit' },
  /** Category coding system for a denial/adjustment entry: code is the CAS group (CO, PR, OA, PI). */
  adjustmentGroupSystem: CODE_SYSTEM.carcGroup,
  /** Reason coding system for a denial/adjustment entry: code is the CARC. */
  adjustmentReasonSystem: CODE_SYSTEM.carc,
} as const;
