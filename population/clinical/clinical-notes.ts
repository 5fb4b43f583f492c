import type { Device, DocumentReference, Encounter, Reference } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';
import { CLINICAL_NOTE_CATEGORY, HOME_DEVICES, NOTE_TYPE_BY_ENCOUNTER } from '../data/clinical/documents.js';
import type { PlannedEncounter } from './timeline.js';

const CATEGORY = [{ coding: [CLINICAL_NOTE_CATEGORY] }];
/** IHE format code: the MIME type is enough to read the document (US Core DocumentReference.content.format). */
const FORMAT = { system: 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode', code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient', display: 'mimeType Sufficient' };

/** What the encounter addressed, in words. */
function reasonText(e: PlannedEncounter): string {
  if (e.acute) return e.acute.display;
  if (e.procedure) return e.procedure.display;
  if (e.kind === 'wellness') return 'Routine preventive examination';
  return e.reasons.map((c) => c.row.display).join('; ') || 'Follow-up';
}

function noteText(title: string, e: PlannedEncounter, encounter: Encounter): string {
  const chronic = e.reasons.map((c) => c.row.display);
  const lines = [
    `${title}`,
    `Date: ${encounter.period?.start?.slice(0, 10) ?? ''}`,
    `Reason for visit: ${reasonText(e)}`,
    `Active problems: ${chronic.length > 0 ? chronic.join('; ') : 'none'}`,
  ];
  if (e.kind === 'inpatient') lines.push(`Admitted ${encounter.period?.start?.slice(0, 10) ?? ''}, discharged home ${encounter.period?.end?.slice(0, 10) ?? ''}.`);
  lines.push(e.kind === 'followup' ? 'Plan: continue current management; follow up as scheduled.' : 'Plan: as discussed; return if symptoms persist or worsen.');
  return `${lines.join('\n')}\n`;
}

/**
 * The clinical note of an encounter (US Core DocumentReference): LOINC note type by visit kind, the note as base64
 * text/plain, authored by the encounter's primary performer, in the encounter's context.
 * https://hl7.org/fhir/us/core/STU6.1/StructureDefinition-us-core-documentreference.html
 */
export function clinicalNote(id: string, encounter: Encounter, e: PlannedEncounter): DocumentReference {
  const type = NOTE_TYPE_BY_ENCOUNTER[e.kind];
  const date = encounter.period?.end ?? encounter.period?.start ?? '';
  const author: Reference[] = encounter.participant?.[0]?.individual ? [encounter.participant[0].individual] : [];
  const doc: DocumentReference = {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    docStatus: 'final',
    type: { coding: [{ system: CODE_SYSTEM.loinc, code: type.loinc, display: type.display }], text: type.display },
    category: CATEGORY,
    subject: encounter.subject,
    date,
    content: [{
      attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(noteText(type.display, e, encounter), 'utf8').toString('base64'), title: type.display, creation: date },
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
