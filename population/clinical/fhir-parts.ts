import type { CodeableConcept } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';

/** Small shared FHIR fragments; constant ones are built once and shared (records are plain JSON data). */
export const CATEGORY_VITAL_SIGNS: CodeableConcept[] = [{ coding: [{ system: CODE_SYSTEM.observationCategory, code: 'vital-signs', display: 'Vital Signs' }] }];
export const CATEGORY_LABORATORY: CodeableConcept[] = [{ coding: [{ system: CODE_SYSTEM.observationCategory, code: 'laboratory', display: 'Laboratory' }] }];
export const CATEGORY_LAB_REPORT: CodeableConcept[] = [{ coding: [{ system: CODE_SYSTEM.diagnosticServiceSection, code: 'LAB', display: 'Laboratory' }] }];

export const INTERPRETATION = {
  H: [{ coding: [{ system: CODE_SYSTEM.observationInterpretation, code: 'H', display: 'High' }] }],
  L: [{ coding: [{ system: CODE_SYSTEM.observationInterpretation, code: 'L', display: 'Low' }] }],
  N: [{ coding: [{ system: CODE_SYSTEM.observationInterpretation, code: 'N', display: 'Normal' }] }],
} satisfies Record<string, CodeableConcept[]>;

export { ref } from '../ids.js';

export function loinc(code: string, display: string): CodeableConcept {
  return { coding: [{ system: CODE_SYSTEM.loinc, code, display }], text: display };
}

/** FHIR fragments that never vary are built once and shared by every resource using them (treat as immutable). */
export function memo<K, V>(build: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = build(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** Rounds to a number of decimals (as a JSON number). */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
