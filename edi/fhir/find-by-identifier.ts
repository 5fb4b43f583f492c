import type { Resource } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';

/** A value escaped for a search (https://hl7.org/fhir/R4/search.html#escaping): X12 values may hold `\` and `,`. */
export function searchEscaped(value: string): string {
  return value.replace(/[\\,]/g, '\\$&');
}

/**
 * The first resource of `type` whose identifier is `system|value`, or undefined (also when the value is empty or
 * the store refuses the search). https://hl7.org/fhir/R4/search.html#token; the value is escaped (searchEscaped).
 */
export function findByIdentifier<T extends Resource>(store: Store, type: string, system: string, value: string | undefined): T | undefined {
  if (!value) return undefined;
  try {
    return store.search({ resourceType: type, params: [['identifier', `${system}|${searchEscaped(value)}`], ['_count', '1']] }).matches[0] as T | undefined;
  } catch {
    return undefined;
  }
}
