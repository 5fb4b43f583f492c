import type { CodeableConcept, Device, DocumentReference, Encounter, Reference } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';
import { CLINICAL_NOTE_CATEGORY, DENTAL_NOTE_TYPE, HOME_DEVICES, NOTE_TYPE_BY_ENCOUNTER } from '../data/clinical/documents.js';
import { memo } from './fhir-parts.js';
import type { PlannedEncounter } from './timeline.js';

const CATEGORY = [{ coding: [CLINICAL_NOTE_CATEGORY] }];
/** The note type's CodeableConcept, built once per type and shared. */
const typeConcept = memo((type: { loinc: string; display: string }): CodeableConcept => (
  { coding: [{ system: CODE_SYSTEM.loinc, code: type.loinc, display: type.display }], text: type.display }));
/** IHE format code: the MIME type is enough to read the document (US Core DocumentReference.content.format). */
const FORMAT = { system: 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode', code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient', display: 'mimeType Sufficient' };

/** What the encounter addressed, in words. */
function reasonText(e: PlannedEncounter): string {
  if (e.acute) return e.acute.display;
  if (e.procedure) return e.procedure.display;
  if (e.kind === 'wellness') return 'Routine preventive examination';
  return e.reasons.map((c) => c.row.display).join('; ') || 'Follow-up';
}

/** What a note says besides its title and date. */
interface NoteContent {
  reason: string;
  /** The patient's active chronic problems on the visit day (displays). */
  problems: readonly string[];
  /** Lines between the problems and the plan (the admission of a stay). */
  course?: string;
  plan: string;
}

function noteText(title: string, encounter: Encounter, c: NoteContent): string {
  const lines = [
    `${title}`,
    `Date: ${encounter.period?.start?.slice(0, 10) ?? ''}`,
    `Reason for visit: ${c.reason}`,
    `Active problems: ${c.problems.length > 0 ? c.problems.join('; ') : 'none'}`,
  ];
  if (c.course) lines.push(c.course);
  lines.push(c.plan);
  return `${lines.join('\n')}\n`;
}

function encounterNoteContent(e: PlannedEncounter, encounter: Encounter): NoteContent {
  return {
    reason: reasonText(e),
    problems: e.reasons.map((c) => c.row.display),
    course: e.kind === 'inpatient' ? `Admitted ${encounter.period?.start?.slice(0, 10) ?? ''}, discharged home ${encounter.period?.end?.slice(0, 10) ?? ''}.` : undefined,
    plan: e.kind === 'followup' ? 'Plan: continue current management; follow up as scheduled.' : 'Plan: as discussed; return if symptoms persist or worsen.',
  };
}

/**
 * The clinical note of an encounter (US Core DocumentReference): LOINC note type by visit kind, the note as base64
 * text/plain, authored by the encounter's primary performer, in the encounter's context.
 * https://hl7.org/fhir/us/core/STU6.1/StructureDefinition-us-core-documentreference.html
 */
export function clinicalNote(id: string, encounter: Encounter, e: PlannedEncounter): DocumentReference {
  return noteReference(id, encounter, NOTE_TYPE_BY_ENCOUNTER[e.kind], encounterNoteContent(e, encounter));
}

/**
 * The progress note of a dental visit (population/clinical/dental.ts): the procedures done as the reason for the
 * visit, the patient's active problems, and the recall plan; otherwise as clinicalNote.
 */
export function dentalNote(id: string, encounter: Encounter, procedures: readonly string[], problems: readonly string[]): DocumentReference {
  const reason = `Dental recall visit (${procedures.join('; ')})`;
  return noteReference(id, encounter, DENTAL_NOTE_TYPE, { reason, problems, plan: 'Plan: home care as instructed; return at the next recall.' });
}

function noteReference(id: string, encounter: Encounter, type: { loinc: string; display: string }, content: NoteContent): DocumentReference {
  const date = encounter.period?.end ?? encounter.period?.start ?? '';
  const author: Reference[] = encounter.participant?.[0]?.individual ? [encounter.participant[0].individual] : [];
  const doc: DocumentReference = {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    docStatus: 'final',
    type: typeConcept(type),
    category: CATEGORY,
    subject: encounter.subject,
    date,
    content: [{
      attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(noteText(type.display, encounter, content), 'utf8').toString('base64'), title: type.display, creation: date },
      format: FORMAT,
    }],
    context: { encounter: [{ reference: `Encounter/${encounter.id ?? ''}` }], period: encounter.period },
  };
  if (author.length > 0) doc.author = author;
  return doc;
}

/** Home devices that go with a patient's drugs (e.g. a glucose meter with insulin). https://hl7.org/fhir/R4/device.html */
export function homeDevices(nextId: () => string, patient: Reference, medicationKeys: ReadonlySet<string>): Device[] {
  return HOME_DEVICES.filter((d) => medicationKeys.has(d.medication)).map((d) => ({
    resourceType: 'Device',
    id: nextId(),
    status: 'active',
    deviceName: [{ name: d.name, type: 'user-friendly-name' }],
    type: { coding: [{ system: CODE_SYSTEM.snomed, code: d.snomed, display: d.display }], text: d.name },
    patient,
  }));
}
