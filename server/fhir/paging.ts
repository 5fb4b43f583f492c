import { OperationOutcomeError, badRequest } from './outcomes.js';

/** Default and maximum page sizes. https://hl7.org/fhir/R4/search.html#count */
export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;

function nonNegativeInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new OperationOutcomeError(badRequest(`${name} must be a non-negative integer`, name));
  return Number(value);
}

/** `_count` (default 20, capped at 1000) and `_offset` (default 0) from a query; 400 when malformed. */
export function pageWindow(query: Array<[string, string]>): { count: number; offset: number } {
  const count = nonNegativeInt('_count', query.find(([n]) => n === '_count')?.[1]) ?? DEFAULT_COUNT;
  const offset = nonNegativeInt('_offset', query.find(([n]) => n === '_offset')?.[1]) ?? 0;
  return { count: Math.min(count, MAX_COUNT), offset };
}
