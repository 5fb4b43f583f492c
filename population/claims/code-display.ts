import type { CodeableConcept, Coding } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';
import { memo } from '../clinical/fhir-parts.js';
import {
  CARC_DISPLAY,
  CARC_GROUP_DISPLAY,
  CPT_DISPLAY,
  HCPCS_DISPLAY,
  ICD10CM_DISPLAY,
  PLACE_OF_SERVICE_DISPLAY,
  REVENUE_CODE_DISPLAY,
} from '../data/claims/code-displays.js';

/** The display tables by code system (CPT modifiers share the CPT system). */
export const DISPLAY_BY_SYSTEM: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [CODE_SYSTEM.icd10cm]: ICD10CM_DISPLAY,
  [CODE_SYSTEM.cpt]: CPT_DISPLAY,
  [CODE_SYSTEM.hcpcs]: HCPCS_DISPLAY,
  [CODE_SYSTEM.placeOfService]: PLACE_OF_SERVICE_DISPLAY,
  [CODE_SYSTEM.revenueCode]: REVENUE_CODE_DISPLAY,
  [CODE_SYSTEM.carc]: CARC_DISPLAY,
  [CODE_SYSTEM.carcGroup]: CARC_GROUP_DISPLAY,
};

/** A Coding with its display from the claim code tables when there is one (R4 datatypes.html#Coding). */
export function claimCoding(system: string, code: string): Coding {
  const display = DISPLAY_BY_SYSTEM[system]?.[code];
  return display === undefined ? { system, code } : { system, code, display };
}

/** The CodeableConcepts of one system, by code (see claimConcept). */
const conceptsOf = memo((system: string) => memo((code: string): CodeableConcept => ({ coding: [claimCoding(system, code)] })));

/**
 * `{ coding: [claimCoding(system, code)] }`, built once per (system, code) and shared by every resource that carries
 * it (generated resources are immutable data): the same codes recur on every claim, and each copy was three more
 * objects to allocate and for the garbage collector to copy while the population is held. For the generator's own
 * codes (its data tables: a bounded set), not for codes read from inbound documents.
 */
export function claimConcept(system: string, code: string): CodeableConcept {
  return conceptsOf(system)(code);
}
