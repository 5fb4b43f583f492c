import { parseDateRange, type DateRange } from '../../data-store/search/date-range.js';
import type { HistoryEntry } from '../../data-store/store.js';
import { OperationOutcomeError, badRequest } from './outcomes.js';

/** `_at` as the span it covers (`2026` is the whole year); 400 when it is not a FHIR date or dateTime. */
export function atParam(query: Array<[string, string]>): DateRange | undefined {
  const raw = query.find(([n]) => n === '_at')?.[1];
  if (raw === undefined) return undefined;
  const range = parseDateRange(raw);
  if (!range) throw new OperationOutcomeError(badRequest('_at must be a FHIR date or dateTime', '_at'));
  return range;
}

/**
 * The versions that were current at some point during `at`: each from its lastUpdated until the next version of the
 * same resource; a deletion is no version. Entries come newest first, as the Store lists them.
 * https://hl7.org/fhir/R4/http.html#history
 */
export function currentDuring(entries: HistoryEntry[], at: DateRange): HistoryEntry[] {
  const nextVersionFrom = new Map<string, number>();
  const out: HistoryEntry[] = [];
  for (const e of entries) {
    const key = `${e.resourceType}/${e.id}`;
    const from = Date.parse(e.lastUpdated);
    const until = nextVersionFrom.get(key) ?? Infinity;
    nextVersionFrom.set(key, from);
    if (e.method !== 'DELETE' && from < at.hi && until > at.lo) out.push(e);
  }
  return out;
}
