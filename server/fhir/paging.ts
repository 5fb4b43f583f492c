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

/** `_since` as epoch milliseconds (undefined when absent); 400 when it is not an instant. https://hl7.org/fhir/R4/http.html#history */
export function sinceParam(query: Array<[string, string]>): { raw: string; ms: number } | undefined {
  const raw = query.find(([n]) => n === '_since')?.[1];
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new OperationOutcomeError(badRequest('_since must be an instant', '_since'));
  return { raw, ms };
}
