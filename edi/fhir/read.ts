import type { Address, CodeableConcept, HumanName, Identifier, Reference } from 'fhir/r4';

/**
 * Small readers over FHIR R4 datatypes (https://hl7.org/fhir/R4/datatypes.html) used by every projection.
 * Plain loops rather than find/some with closures: they run per element of every emitted line, and each
 * closure is an allocation.
 */

/** The value of the first identifier of a system that has one. */
export function identifierValue(identifiers: Identifier[] | undefined, system: string): string | undefined {
  if (!identifiers) return undefined;
  for (let i = 0; i < identifiers.length; i++) if (identifiers[i].system === system && identifiers[i].value) return identifiers[i].value;
  return undefined;
}

/** The first non-empty code of a system in a concept. */
export function codeIn(concept: CodeableConcept | undefined, system: string): string | undefined {
  const coding = concept?.coding;
  if (!coding) return undefined;
  for (let i = 0; i < coding.length; i++) if (coding[i].system === system && coding[i].code) return coding[i].code;
  return undefined;
}

/** The code of the first coding of a system (empty or not), as `coding.find(system)?.code` reads it. */
export function firstCodeOf(concept: CodeableConcept | undefined, system: string): string | undefined {
  const coding = concept?.coding;
  if (!coding) return undefined;
  for (let i = 0; i < coding.length; i++) if (coding[i].system === system) return coding[i].code;
  return undefined;
}

/** Whether a concept carries the coding (system and code). */
export function hasCoding(concept: CodeableConcept | undefined, system: string | undefined, code: string): boolean {
  const coding = concept?.coding;
  if (!coding) return false;
  for (let i = 0; i < coding.length; i++) if (coding[i].code === code && (system === undefined || coding[i].system === system)) return true;
  return false;
}

/** `Type/id` -> id, when the reference is to that type. */
export function refId(reference: Reference | undefined, type: string): string | undefined {
  const r = reference?.reference;
  if (!r) return undefined;
  const slash = r.lastIndexOf('/');
  if (slash < 0) return undefined;
  const typeStart = r.lastIndexOf('/', slash - 1) + 1;
  return slash - typeStart === type.length && r.startsWith(type, typeStart) ? r.slice(slash + 1) : undefined;
}

/** The official (or first) name: family, first given, middle initial(s). */
export function personName(names: HumanName[] | undefined): { family: string; given: string; middle: string; suffix: string } {
  const n = official(names) ?? names?.[0];
  const given = n?.given;
  return {
    family: n?.family ?? '',
    given: given?.[0] ?? '',
    middle: !given ? '' : given.length === 2 ? given[1] ?? '' : given.slice(1).join(' '),
    suffix: n?.suffix?.[0] ?? '',
  };
}

function official(names: HumanName[] | undefined): HumanName | undefined {
  if (names) for (let i = 0; i < names.length; i++) if (names[i].use === 'official') return names[i];
  return undefined;
}

/** The home (or first) address. */
export function postalAddress(addresses: Address[] | undefined): Address | undefined {
  if (!addresses) return undefined;
  for (let i = 0; i < addresses.length; i++) if (addresses[i].use === 'home') return addresses[i];
  return addresses[0];
}

/** FHIR gender -> X12 DMG03 (F, M, U). */
export function x12Gender(gender: string | undefined): 'F' | 'M' | 'U' {
  return gender === 'female' ? 'F' : gender === 'male' ? 'M' : 'U';
}

/** ICD-10-CM as sent in X12 HI: without the dot. */
export function x12Diagnosis(code: string): string {
  return code.replace('.', '');
}

/** X12 ICD-10-CM -> FHIR form, with the dot after the third character. */
export function fhirDiagnosis(code: string): string {
  return code.length > 3 && !code.includes('.') ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}
