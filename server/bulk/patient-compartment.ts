import type { Resource } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { compartmentMembers, patientCompartment, recordReader } from '../fhir/handlers/everything.js';

/** Resource types of the R4 Patient compartment (https://hl7.org/fhir/R4/compartmentdefinition-patient.html). */
export function patientCompartmentTypes(): string[] {
  return patientCompartment().map((c) => c.code);
}

/**
 * The Patient and every resource in its compartment, the same set `Patient/{id}/$everything` starts from (without
 * the non-compartment resources it pulls in by reference). `types` narrows it (`_type`).
 */
export function patientRecord(store: Store, patientId: string, types: Set<string> | undefined): Resource[] {
  const patient = store.read('Patient', patientId);
  const seen = new Set([`Patient/${patientId}`]);
  const members = compartmentMembers(recordReader(store), patientId, types, seen);
  return !types || types.has('Patient') ? [patient, ...members] : members;
}
