/**
 * Every resource type a patient's generated record can hold (generatePatientRecord: Patient, Coverage and the
 * clinical and claims parts under population/clinical and population/claims). The directory's types (Organization,
 * Practitioner, PractitionerRole, Location, InsurancePlan) and the cohort Groups are never in a record.
 * A test generates a population and checks that no record holds a type missing here.
 */
export const RECORD_TYPES: ReadonlySet<string> = new Set([
  'AllergyIntolerance',
  'CarePlan',
  'CareTeam',
  'Claim',
  'Condition',
  'Coverage',
  'Device',
  'DiagnosticReport',
  'DocumentReference',
  'Encounter',
  'ExplanationOfBenefit',
  'Goal',
  'Immunization',
  'MedicationDispense',
  'MedicationRequest',
  'Observation',
  'Patient',
  'Procedure',
]);
