import type { Resource, SearchParameter } from 'fhir/r4';
import { isR4ResourceType } from '../../fhir-profiles/search-resource-types.js';
import { expressionForBase, findSearchParameter, isServedSearchParameter, searchParameterByUrl } from '../../fhir-profiles/search-parameters.js';
import { ResourceTable } from '../resource-table.js';
import { StoreError, type SearchPage, type SearchQuery } from '../store.js';
import type { Clause } from './clause.js';
import { compileExpression } from './compile-expression.js';
import { resolveIncludes } from './includes.js';
import { entriesFor, type IndexEntry, type ReferenceEntry } from './index-values.js';
import { indexesUsed } from './indexes-used.js';
import { ParamIndex } from './param-index.js';
import { parseQueryParams, type FilterParam } from './query-params.js';
import { Cursor } from './search-cursor.js';
import { arraySource, mergeSource, rangeSource, unionSource, uniqueSlots, type SlotSource } from './slot-sets.js';
import { sortHits } from './sort-hits.js';
import { TypeScan } from './type-scan.js';
import { anyOf, valueMatcher, type ValueMatcher } from './value-matchers.js';

/**
 * Candidates a search tests in full to give an exact total when it was not asked for (`_total=accurate`); a broader
 * search estimates it from the candidates tested for its page. https://hl7.org/fhir/R4/search.html#total
 */
export const COUNT_BUDGET = 2000;
/** Most ascending candidate lists merged as they are read; more are sorted into one first. */
const MAX_MERGED_LISTS = 16;
/** Most cursors kept open for paging at once (the least recently opened goes first). */
export const MAX_OPEN_CURSORS = 100;

export interface SearchEngineOptions {
  maxCount: number;
  now: () => Date;
}

/**
 * Runs FHIR searches over the resource tables with lazily built, incrementally maintained
 * per-(type, parameter) indexes. https://hl7.org/fhir/R4/search.html
 */
export class SearchEngine {
  private readonly indexes = new Map<string, ParamIndex>();
  private readonly indexesByType = new Map<string, ParamIndex[]>();
  private readonly cursors = new Set<Cursor>();

  constructor(
    readonly table: (type: string) => ResourceTable | undefined,
    private readonly types: () => string[],
    private readonly options: SearchEngineOptions,
  ) {}

  /** Keeps every built index of a type current after a write to one slot. */
  notify(type: string, slot: number): void {
    for (const ix of this.indexesByType.get(type) ?? []) ix.update(slot);
  }

  /** The index of one parameter on one type, built on first use. */
  indexFor(type: string, sp: SearchParameter): ParamIndex | undefined {
    const key = `${type}\u0000${sp.url}`;
    let ix = this.indexes.get(key);
    if (ix) return ix;
    const table = this.table(type);
    const expr = expressionForBase(sp, type);
    if (!table || !expr) return undefined;
    ix = new ParamIndex(table, sp.type, compileExpression(expr).extract);
    this.indexes.set(key, ix);
    const list = this.indexesByType.get(type) ?? [];
    list.push(ix);
    this.indexesByType.set(type, list);
    return ix;
  }

  /**
   * Builds, in slices, every index the search will read (indexesUsed: its parameters, _sort, chains, _has,
   * composites, _revinclude), so the search that follows does not build one in one long step. Best effort: a query
   * it cannot read is left to the search to refuse, and an index it misses the search builds as it always has.
   */
  async prepare(query: Pick<SearchQuery, 'resourceType' | 'params'>): Promise<void> {
    let used: Set<ParamIndex>;
    try {
      const q = parseQueryParams(query.params, this.options.maxCount);
      used = indexesUsed(this, query.resourceType ? [query.resourceType] : (q.types ?? []), q, this.options.maxCount);
    } catch {
      return;
    }
    for (const ix of used) await ix.prepare();
  }

  /**
   * One page of a search, found by reading matches only as far as the page (and one more, for `next`); the total
   * exact when asked (`_total=accurate`) or cheap, else estimated. https://hl7.org/fhir/R4/search.html#total
   */
  search(query: SearchQuery, asOf?: VersionsAsOf): SearchPage {
    const q = parseQueryParams(query.params, this.options.maxCount);
    if (asOf && (q.has.length || q.sort.length || q.includes.length || q.revincludes.length)) {
      throw new StoreError('invalid', 'A search as of a mark takes plain parameters only (no _has, _sort, _include, _revinclude)');
    }
    const ignored: string[] = [];
    const lenient = !!query.lenient;
    let types: string[];
    if (query.resourceType) {
      this.checkType(query.resourceType, '_type');
      types = [query.resourceType];
    } else {
      for (const t of q.types ?? []) this.checkType(t, '_type');
      types = q.types ?? this.types().sort();
    }
    // A filter unknown to every searched type is an unknown parameter (error, or ignored when lenient).
    const filters = q.filters.filter((f) => {
      if (types.some((t) => this.isKnown(t, f.code))) return true;
      if (!lenient) throw unknownParam(f.raw, types);
      ignored.push(f.raw);
      return false;
    });
    const sort = q.sort.filter((s) => {
      if (types.some((t) => findSearchParameter(t, s.code))) return true;
      if (!lenient) throw unknownParam(`_sort=${s.code}`, types, '_sort');
      ignored.push(`_sort=${s.code}`);
      return false;
    });
    const scans: TypeScan[] = [];
    for (const type of types) {
      if (filters.some((f) => !this.isKnown(type, f.code))) continue;
      // Run even for a type that has never held a resource: its values are checked all the same (400 alike).
      const scan = this.openScan(type, filters, q.has, asOf?.(type));
      if (scan) scans.push(scan);
    }
    const cursor = new Cursor(scans, (c) => this.cursors.delete(c));
    // _sort orders every match, so it reads them all; otherwise only as far as the page (and one more, for `next`).
    if (sort.length) cursor.sortBy((hits) => sortHits(hits, sort, (type, code) => {
      const sp = findSearchParameter(type, code);
      return sp ? this.indexFor(type, sp) : undefined;
    }));
    const { matches, more } = cursor.page(q.offset, q.count)!;
    for (const scan of scans) if (q.total === 'accurate' || scan.candidates <= COUNT_BUDGET) scan.count();
    const { total, estimated } = cursor.total();
    const includes = resolveIncludes(this, matches, q.includes, q.revincludes);
    const page: SearchPage = { total, matches, includes, offset: q.offset, count: q.count, ignored, more };
    if (estimated) page.estimated = true;
    if (query.keep && more) page.cursor = this.keep(cursor);
    return page;
  }

  /** Called before a write changes a slot: open cursors keep what they still need of it. */
  beforeWrite(type: string, slot: number): void {
    if (!this.cursors.size) return;
    const table = this.table(type);
    if (table) for (const c of [...this.cursors]) c.beforeWrite(table, slot);
  }

  /** Closes every open cursor (their next pages are gone): after a reset their versions may no longer exist. */
  closeCursors(): void {
    for (const c of [...this.cursors]) c.close();
  }

  private keep(cursor: Cursor): Cursor {
    this.cursors.add(cursor);
    for (const oldest of this.cursors) {
      if (this.cursors.size <= MAX_OPEN_CURSORS) break;
      oldest.close();
    }
    return cursor;
  }

  private checkType(type: string, expression: string): void {
    if (!this.table(type) && !isR4ResourceType(type)) {
      throw new StoreError('invalid', `Unknown resource type '${type}'`, expression);
    }
  }

  private isKnown(type: string, code: string): boolean {
    return isServedSearchParameter(type, code);
  }

  /** Every slot of `type` matching all filters and _has conditions, ascending (the stable default order). */
  matchSlots(type: string, filters: FilterParam[], has: Array<{ raw: string; value: string }>): number[] {
    const scan = this.openScan(type, filters, has);
    const out: number[] = [];
    if (scan) for (let s = scan.next(); s >= 0; s = scan.next()) out.push(s);
    return out;
  }

  /**
   * A scan of `type` for all filters and _has conditions (undefined when the type has no table). It walks the
   * candidates of the most selective indexed condition in slot order: its hash lists merged as they are read; a
   * short unordered list (ranges, prefixes) sorted first; a long one is no cheaper than the table, so the table.
   */
  private openScan(type: string, filters: FilterParam[], has: Array<{ raw: string; value: string }>, asOf?: ReadonlyMap<number, Resource | undefined>): TypeScan | undefined {
    const table = this.table(type);
    const clauses: Clause[] = [];
    // Clauses parse and check every value; a type without a table gets them built over an empty stand-in,
    // so a bad value is refused whether or not the type holds data (indexFor builds nothing for it).
    const over = table ?? new ResourceTable(type);
    for (const f of filters) clauses.push(this.clause(type, over, f));
    for (const h of has) clauses.push(this.hasClause(type, over, h.raw, h.value));
    if (!table) return undefined;
    if (asOf) return scanAsOf(this.scanOf(table, clauses, { known: false, extra: Int32Array.from(asOf.keys()).sort() }), clauses, asOf);
    return this.scanOf(table, clauses, { known: true });
  }

  /** The scan of the clauses over `table`; `extra`: ascending slots walked besides the candidates; `known`: a total the index gives may be used. */
  private scanOf(table: ResourceTable, clauses: Clause[], opts: { known: boolean; extra?: Int32Array }): TypeScan {
    const n = table.slots.length;
    const more = opts.extra?.length ? opts.extra : undefined;
    const walkOf = (walk: () => SlotSource): (() => SlotSource) => (more ? () => unionSource(walk(), more) : walk);
    if (!clauses.length) return new TypeScan(table, clauses, () => rangeSource(n), n, opts.known ? table.live : undefined);
    let driver = clauses[0];
    for (const c of clauses) if (c.estimate() < driver.estimate()) driver = c;
    const cand = driver.estimate() === Infinity ? undefined : driver.candidates();
    if (!cand) return new TypeScan(table, clauses, () => rangeSource(n), n);
    let size = 0;
    for (const l of cand.lists) size += l.length;
    const known = opts.known && clauses.length === 1 && cand.exact && cand.ascending && cand.lists.length === 1 ? size : undefined;
    if (cand.ascending && cand.lists.length <= MAX_MERGED_LISTS) return new TypeScan(table, clauses, walkOf(() => mergeSource(cand.lists)), size, known);
    if (size <= COUNT_BUDGET) {
      const slots = uniqueSlots(cand, driver.test);
      return new TypeScan(table, clauses, walkOf(() => arraySource(slots)), size);
    }
    return new TypeScan(table, clauses, () => rangeSource(n), n);
  }

  private clause(type: string, table: ResourceTable, f: FilterParam): Clause {
    if (f.code === '_id' && !f.modifier && !f.chain) {
      const set = new Set(f.values.map((id) => table.byId.get(id)).filter((r) => !!r?.current).map((r) => r!.slot));
      const slots = Int32Array.from(set).sort();
      const ids = new Set(f.values);
      return { estimate: () => slots.length, candidates: () => ({ lists: [slots], ascending: true, exact: true }), test: (s) => set.has(s), testVersion: (r) => ids.has(r.id ?? '') };
    }
    const sp = findSearchParameter(type, f.code)!;
    if (f.chain !== undefined) return this.chainClause(type, sp, f);
    if (sp.type === 'composite') return this.compositeClause(type, table, sp, f);
    const ix = this.indexFor(type, sp)!;
    const matchers = f.values.map((v) => valueMatcher({ name: f.raw, type: sp.type, modifier: f.modifier, targets: sp.target }, v, this.options.now));
    // `:not=a,b` means neither a nor b (each matcher is already a negation).
    return matcherClause(ix, matchers, f.modifier === 'not');
  }

  /** `subject:Patient.name=x` / `patient.family=x`: search the target type, then match references to it. */
  private chainClause(type: string, sp: SearchParameter, f: FilterParam): Clause {
    if (sp.type !== 'reference') throw new StoreError('invalid', `Parameter '${f.code}' is not a reference and cannot be chained`, f.raw);
    const [innerCode] = f.chain!.split(/[.:]/);
    const targets = (f.modifier ? [f.modifier] : (sp.target ?? [])).filter((t) => this.isKnown(t, innerCode));
    if (!targets.length) throw new StoreError('invalid', `Unknown chained parameter '${f.chain}' in '${f.raw}'`, f.raw);
    const keys: string[] = [];
    const inner = parseQueryParams([[f.chain!, f.values[0]]], this.options.maxCount);
    for (const target of targets) {
      const targetTable = this.table(target);
      if (!targetTable) continue;
      for (const slot of this.matchSlots(target, inner.filters, inner.has)) keys.push(`${target}/${targetTable.slots[slot].id}`);
    }
    const ix = this.indexFor(type, sp)!;
    const set = new Set(keys);
    const test = (s: number) => ix.entriesAt(s).some((e) => !!(e as ReferenceEntry).local && set.has((e as ReferenceEntry).local!));
    return { estimate: () => ix.estimateKeys(keys), candidates: () => ix.byKeys(keys), test };
  }

  /** `_has:Observation:patient:code=x`: resources referenced by matching Observations. */
  private hasClause(type: string, table: ResourceTable, raw: string, value: string): Clause {
    const [, sourceType, refCode, ...rest] = raw.split(':');
    const innerName = rest.join(':');
    const refSp = sourceType ? findSearchParameter(sourceType, refCode ?? '') : undefined;
    if (!sourceType || !refSp || refSp.type !== 'reference' || !innerName) {
      throw new StoreError('invalid', `Invalid _has parameter '${raw}': expected _has:Type:reference:param`, raw);
    }
    const inner = parseQueryParams([[innerName, value]], this.options.maxCount);
    const innerCode = inner.filters[0]?.code;
    if (innerCode && !this.isKnown(sourceType, innerCode)) throw unknownParam(innerName, [sourceType], raw);
    const refIx = this.indexFor(sourceType, refSp);
    const set = new Set<number>();
    if (refIx) {
      for (const slot of this.matchSlots(sourceType, inner.filters, inner.has)) {
        for (const e of refIx.entriesAt(slot)) {
          const r = e as ReferenceEntry;
          if (r.type === type && r.id) {
            const rec = table.byId.get(r.id);
            if (rec?.current) set.add(rec.slot);
          }
        }
      }
    }
    const slots = Int32Array.from(set).sort();
    return { estimate: () => slots.length, candidates: () => ({ lists: [slots], ascending: true, exact: true }), test: (s) => set.has(s) };
  }

  /** `code-value-quantity=loinc|8480-6$gt100`: all components must match within the same element. */
  private compositeClause(type: string, table: ResourceTable, sp: SearchParameter, f: FilterParam): Clause {
    const comps = (sp.component ?? []).map((c) => {
      const def = searchParameterByUrl(c.definition);
      if (!def) throw new StoreError('invalid', `Composite parameter '${f.code}' has an unknown component`, f.raw);
      return { def, extract: compileExpression(c.expression).extract };
    });
    const base = compileExpression(expressionForBase(sp, type) ?? type).extract;
    const alternatives: ValueMatcher[][] = f.values.map((v) => {
      const parts = v.split('$');
      if (parts.length !== comps.length) {
        throw new StoreError('invalid', `Invalid value '${v}' for composite parameter '${f.raw}': expected ${comps.length} parts separated by '$'`, f.raw);
      }
      return parts.map((part, i) => valueMatcher({ name: f.raw, type: comps[i].def.type }, part, this.options.now));
    });
    const test = (s: number): boolean => {
      const resource = table.slots[s].current;
      if (!resource) return false;
      const elements = base(resource);
      return alternatives.some((ms) =>
        elements.some((el) => ms.every((m, i) => m.test(entriesFor(comps[i].def.type, comps[i].extract(el))))),
      );
    };
    const firstIx = comps[0]?.def.base?.includes(type as never) ? this.indexFor(type, comps[0].def) : undefined;
    const firsts = alternatives.map((ms) => ms[0]);
    if (!firstIx || firsts.some((m) => !m.candidates || !m.estimate)) return { estimate: () => Infinity, candidates: () => undefined, test };
    const inner = matcherClause(firstIx, firsts);
    return { estimate: inner.estimate, candidates: () => ({ ...inner.candidates()!, exact: false }), test };
  }

}

/** A search's view of the store as of a mark: per type, the slots written since and each one's version then. */
export type VersionsAsOf = (type: string) => ReadonlyMap<number, Resource | undefined> | undefined;

/** A scan as of a mark: the slots written since it are judged by their versions then (none: no match). */
function scanAsOf(scan: TypeScan, clauses: Clause[], asOf: ReadonlyMap<number, Resource | undefined>): TypeScan {
  for (const [slot, old] of asOf) {
    const matched = old !== undefined && clauses.every((c) => {
      if (!c.testVersion) throw new StoreError('invalid', 'A search as of a mark takes plain parameters only (no chains or composites)');
      return c.testVersion(old);
    });
    scan.frozen.set(slot, { old, matched });
  }
  return scan;
}

function unknownParam(name: string, types: string[], expression = name): StoreError {
  return new StoreError('invalid', `Unknown search parameter '${name}' for ${types.join(', ') || 'this search'}`, expression);
}

/** OR of one parameter's values (`all`: AND, for `:not`), answered by its index when it can be. */
function matcherClause(ix: ParamIndex, matchers: ValueMatcher[], all = false): Clause {
  const entriesTest = all ? (entries: IndexEntry[]) => matchers.every((m) => m.test(entries)) : undefined;
  const m = all ? { test: entriesTest! } : anyOf(matchers);
  const test = (s: number) => m.test(ix.entriesAt(s));
  return {
    test,
    testVersion: (r) => m.test(ix.entriesOf(r)),
    estimate: () => (m.candidates && m.estimate ? m.estimate(ix) : Infinity),
    candidates: () => m.candidates?.(ix, test),
  };
}
