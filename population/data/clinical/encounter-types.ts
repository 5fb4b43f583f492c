/**
 * Encounter class (HL7 v3 ActCode) and type (SNOMED CT procedure concepts as Synthea's encounter modules use them)
 * per kind of encounter the generator plans.
 */
export type EncounterKind = 'wellness' | 'followup' | 'acute' | 'emergency' | 'inpatient' | 'procedure';

export const ENCOUNTER_TYPES: Readonly<Record<EncounterKind | 'wellChild', {
  actCode: 'AMB' | 'EMER' | 'IMP';
  actDisplay: string;
  snomed: string;
  display: string;
  /** Typical duration in minutes (inpatient uses days instead). */
  minutes: number;
}>> = {
  wellness: { actCode: 'AMB', actDisplay: 'ambulatory', snomed: '162673000', display: 'General examination of patient', minutes: 40 },
  wellChild: { actCode: 'AMB', actDisplay: 'ambulatory', snomed: '410620009', display: 'Well child visit', minutes: 30 },
  followup: { actCode: 'AMB', actDisplay: 'ambulatory', snomed: '390906007', display: 'Follow-up encounter', minutes: 25 },
  acute: { actCode: 'AMB', actDisplay: 'ambulatory', snomed: '185345009', display: 'Encounter for symptom', minutes: 20 },
  emergency: { actCode: 'EMER', actDisplay: 'emergency', snomed: '50849002', display: 'Emergency room admission', minutes: 240 },
  inpatient: { actCode: 'IMP', actDisplay: 'inpatient encounter', snomed: '183452005', display: 'Emergency hospital admission', minutes: 0 },
  procedure: { actCode: 'AMB', actDisplay: 'ambulatory', snomed: '185347001', display: 'Encounter for problem', minutes: 120 },
};

/** Clinic hours: visits start between these minutes after midnight UTC (08:00-17:00 local is close enough). */
export const CLINIC_START_MINUTES = { min: 13 * 60, max: 22 * 60 } as const;
