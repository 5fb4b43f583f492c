import { RECORD_TYPES } from '../../population/record-types.js';
import { baseEntry } from '../history-walk.js';
import { parseQueryParams } from '../search/query-params.js';
import { StoreError, type HistoryCursor, type HistoryEntry, type HistoryQuery } from '../store.js';
import type { CompactStore } from './compact-store.js';
import type { PopulationScan } from './population-scan.js';

/**
 * A history with the generated population's version '1' entries (https://hl7.org/fhir/R4/http.html#history): an
 * instance's from its regenerated household; a type's or the system's after the write store's own entries, type by
 * type in generation order, read as far as each page (their count comes from the records index).
 */
export function populationHistory(store: CompactStore, query: HistoryQuery): HistoryCursor {
  const since = query.since === undefined ? undefined : Date.parse(query.since);
  if (since !== undefined && Number.isNaN(since)) throw new StoreError('invalid', `Invalid _since '${query.since}'`, '_since');
  const asOf = Date.parse(`${store.config.asOf}T00:00:00Z`);
  const generatedKept = since === undefined || !(asOf < since);
  if (query.id !== undefined) {
    const found = query.resourceType ? store.generatedOnly(query.resourceType, query.id) : undefined;
    if (!found) return store.inner.historyCursor(query);
    const entries = generatedKept ? [baseEntry(found)] : [];
    return { total: entries.length, page: (offset, count) => entries.slice(offset, offset + count) };
  }
  const inner = store.inner.historyCursor(query);
  const types = (query.resourceType ? [query.resourceType] : [...RECORD_TYPES].sort()).filter((t) => generatedKept && RECORD_TYPES.has(t));
  if (!types.length) return inner;
  const counts = types.map((t) => generatedCount(store, t));
  return new GeneratedHistory(store, inner, types, counts);
}

function generatedCount(store: CompactStore, type: string): number {
  const base = type === 'Patient' ? store.config.patients : store.index?.baseCount(type);
  if (base === undefined) {
    throw new StoreError('too-costly', `The history of ${type} lists every generated version: it is available once /health/ready reports the 'records' index built (POPULATION_MODE=regenerated)`);
  }
  return base - store.inner.heldGenerated(type);
}

/** The write store's history, then each type's generated entries (a scan per type, kept for the next page). */
class GeneratedHistory implements HistoryCursor {
  readonly total: number;
  private readonly scans = new Map<string, PopulationScan>();

  constructor(
    private readonly store: CompactStore,
    private readonly inner: HistoryCursor,
    private readonly types: string[],
    private readonly counts: number[],
  ) {
    this.total = inner.total + counts.reduce((a, b) => a + b, 0);
  }

  page(offset: number, count: number): HistoryEntry[] | undefined {
    const out: HistoryEntry[] = [];
    if (offset < this.inner.total) {
      const first = this.inner.page(offset, Math.min(count, this.inner.total - offset));
      if (!first) return undefined;
      out.push(...first);
    }
    let at = Math.max(0, offset - this.inner.total);
    for (let k = 0; k < this.types.length && out.length < count; k++) {
      if (at >= this.counts[k]) {
        at -= this.counts[k];
        continue;
      }
      const want = Math.min(count - out.length, this.counts[k] - at);
      out.push(...this.scanOf(this.types[k]).page(at, want).matches.map(baseEntry));
      at = 0;
    }
    return out;
  }

  private scanOf(type: string): PopulationScan {
    let scan = this.scans.get(type);
    if (!scan) this.scans.set(type, (scan = this.store.scan(type, parseQueryParams([], 1), [])));
    return scan;
  }
}
