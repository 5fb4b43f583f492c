import type { Resource } from 'fhir/r4';
import type { StoredResource } from './resource-table.js';
import type { HistoryCursor, HistoryEntry } from './store.js';

/**
 * What a history lists, newest first: client-written versions `writes[0, end)` from the last back (those `keep`
 * takes), then the generated version '1' of each record of `bases` in order (those whose instant `keepInstant`
 * takes). `writes` only ever grows at its end until a reset, so `end` fixes the history as of when it was taken.
 * https://hl7.org/fhir/R4/http.html#history
 */
export interface HistorySource {
  writes: readonly HistoryEntry[];
  end: number;
  keep: (e: HistoryEntry) => boolean;
  bases: ReadonlyArray<readonly StoredResource[]>;
  keepInstant: (lastUpdated: string) => boolean;
}

/** Where a walk stands: the next write to look at (counting down; -1 once past them), then base list and record. */
interface Position {
  write: number;
  list: number;
  record: number;
}

/** A history entry of a generated version. */
export function baseEntry(r: Resource): HistoryEntry {
  return { resourceType: r.resourceType, id: r.id!, versionId: '1', lastUpdated: r.meta!.lastUpdated!, method: 'POST', resource: r };
}

const start = (src: HistorySource): Position => ({ write: src.end - 1, list: 0, record: 0 });

/** The entry at `pos` (which moves past it), or undefined at the end. */
function next(src: HistorySource, pos: Position): HistoryEntry | undefined {
  while (pos.write >= 0) {
    const e = src.writes[pos.write--];
    if (src.keep(e)) return e;
  }
  while (pos.list < src.bases.length) {
    const records = src.bases[pos.list];
    while (pos.record < records.length) {
      const base = records[pos.record++].base;
      if (base && src.keepInstant(base.meta!.lastUpdated!)) return baseEntry(base);
    }
    pos.list++;
    pos.record = 0;
  }
  return undefined;
}

/** Entries [offset, offset + count) of a history from its start. */
export function historyPage(src: HistorySource, offset: number, count: number): HistoryEntry[] {
  return readFrom(src, start(src), 0, offset, count).entries;
}

function readFrom(src: HistorySource, pos: Position, at: number, offset: number, count: number): { entries: HistoryEntry[]; at: number } {
  while (at < offset && next(src, pos)) at++;
  const entries: HistoryEntry[] = [];
  while (entries.length < count) {
    const e = next(src, pos);
    if (!e) break;
    entries.push(e);
    at++;
  }
  return { entries, at };
}

/**
 * A history as of its opening: the source fixed at its `end`, and where the last page read stopped, so following
 * `next` links costs each page only. `live()` says whether the source still stands (false after a reset).
 */
export class HistoryWalk implements HistoryCursor {
  private pos: Position;
  private at = 0;

  /** What it reads; dropped once a reset made it stale (the log it points at would otherwise stay in memory). */
  private src?: HistorySource;

  constructor(
    src: HistorySource,
    readonly total: number,
    private readonly live: () => boolean,
  ) {
    this.src = src;
    this.pos = start(src);
  }

  page(offset: number, count: number): HistoryEntry[] | undefined {
    if (this.src && !this.live()) this.src = undefined;
    if (!this.src) return undefined;
    if (offset < this.at) {
      this.pos = start(this.src);
      this.at = 0;
    }
    const read = readFrom(this.src, this.pos, this.at, offset, count);
    this.at = read.at;
    return read.entries;
  }
}
