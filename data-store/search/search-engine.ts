import type { Resource, SearchParameter } from 'fhir/r4';
import { expressionForBase, findSearchParameter, searchableResourceTypes, searchParameterByUrl, searchParameterDefinitions } from '../../fhir-profiles/search-parameters.js';
import type { ResourceTable } from '../resource-table.js';
import { StoreError, type SearchPage, type SearchQuery } from '../store.js';
import { compileExpression } from './compile-expression.js';
import type { DateRange } from './date-range.js';
import { entriesFor, referenceEntries, type IndexEntry, type NumberEntry, type ReferenceEntry, type StringEntry, type TokenEntry } from './index-values.js';
import { ParamIndex, type Candidates } from './param-index.js';
import { parseQueryParams, type FilterParam, type IncludeSpec } from './query-params.js';
import { valueMatcher, type ValueMatcher } from './value-matchers.js';

/** One AND-ed condition of a search over one resource type. */
interface Clause {
  estimate(): number;
  candidates(): Candidates | undefined;
  test(slot: number): boolean;
}

interface Group {
  table: ResourceTable;
  total: number;
  /** At least the first offset+count matching slots. */
  slots: ArrayLike<number>;
}

interface Hit {
  table: ResourceTable;
  slot: number;
}

export interface SearchEngineOptions {
  maxCount: number;
  now: () => Date;
}

const MAX_ITERATE_ROUNDS = 8;

/**
 * Runs FHIR searches over the resource tables with lazily built, incrementally maintained
 * per-(type, parameter) indexes. https://hl7.org/fhir/R4/search.html
 */
export class SearchEngine {
  private readonly indexes = new Map<string, ParamIndex>();
  private readonly indexesByType = new Map<string, ParamIndex[]>();

  constructor(
    private readonly table: (type: string) => ResourceTable | undefined,
    private readonly types: () => string[],
    private readonly options: SearchEngineOptions,
  ) {
    // Load the definitions and warm the FHIRPath parser now rather than on the first request.
    compileExpression(expressionForBase(findSearchParameter('Patient', 'family')!, 'Patient')!);
  }

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

  search(query: SearchQuery): SearchPage {
    const q = parseQueryParams(query.params, this.options.maxCount);
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
    const groups: Group[] = [];
    // Without _sort only the first offset+count matches of each type are materialised.
    const limit = sort.length ? Infinity : q.offset + q.count;
    for (const type of types) {
      if (filters.some((f) => !this.isKnown(type, f.code))) continue;
      const table = this.table(type);
      if (!table) continue;
      groups.push({ table, ...this.matchSlots(type, filters, q.has, limit) });
    }
    const total = groups.reduce((n, g) => n + g.total, 0);
    let page: Hit[];
    if (sort.length) {
      const hits = groups.flatMap((g) => Array.from(g.slots, (slot) => ({ table: g.table, slot })));
      page = this.sortHits(hits, sort).slice(q.offset, q.offset + q.count);
    } else page = pageOf(groups, q.offset, q.count);
    const matches = page.map((h) => h.table.slots[h.slot].current!);
    const includes = this.includes(matches, q.includes, q.revincludes);
    return { total, matches, includes, offset: q.offset, count: q.count, ignored };
  }

  private checkType(type: string, expression: string): void {
    if (!this.table(type) && !searchableResourceTypes().includes(type)) {
      throw new StoreError('invalid', `Unknown resource type '${type}'`, expression);
    }
  }

  private isKnown(type: string, code: string): boolean {
    if (code === '_id') return true;
    const sp = findSearchParameter(type, code);
    return !!sp && (!!expressionForBase(sp, type) || sp.type === 'composite');
  }

  /**
   * Slots of `type` matching all filters and _has conditions, ascending (the stable default order):
   * the total count, and the first `limit` slots.
   */
  matchSlots(type: string, filters: FilterParam[], has: Array<{ raw: string; value: string }>, limit = Infinity): { total: number; slots: ArrayLike<number> } {
    const table = this.table(type);
    if (!table) return { total: 0, slots: [] };
    const clauses: Clause[] = [];
    for (const f of filters) clauses.push(this.clause(type, table, f));
    for (const h of has) clauses.push(this.hasClause(type, table, h.raw, h.value));
    const n = table.slots.length;
    if (!clauses.length) {
      const out: number[] = [];
      for (let s = 0; s < n && out.length < limit; s++) if (table.slots[s].current) out.push(s);
      return { total: table.live, slots: out };
    }
    let driver: Clause | undefined;
    let best = Infinity;
    for (const c of clauses) {
      const e = c.estimate();
      if (e < best) {
        best = e;
        driver = c;
      }
    }
    const cand = driver?.candidates();
    const others = clauses.filter((c) => c !== driver || !cand?.exact);
    if (cand && !others.length) return sortedUnique(cand.slots, n, limit);
    const out: number[] = [];
    const keep = (s: number) => {
      if (!table.slots[s].current) return;
      for (const c of others) if (!c.test(s)) return;
      out.push(s);
    };
    if (cand) {
      const { slots } = sortedUnique(cand.slots, n);
      for (let i = 0; i < slots.length; i++) keep(slots[i]);
    } else for (let s = 0; s < n; s++) keep(s);
    return { total: out.length, slots: out };
  }

  private clause(type: string, table: ResourceTable, f: FilterParam): Clause {
    if (f.code === '_id' && !f.modifier && !f.chain) {
      const slots = f.values.map((id) => table.byId.get(id)).filter((r) => !!r?.current).map((r) => r!.slot);
      const set = new Set(slots);
      return { estimate: () => slots.length, candidates: () => ({ slots, exact: true }), test: (s) => set.has(s) };
    }
    const sp = findSearchParameter(type, f.code)!;
    if (f.chain !== undefined) return this.chainClause(type, sp, f);
    if (sp.type === 'composite') return this.compositeClause(type, table, sp, f);
    const ix = this.indexFor(type, sp)!;
    const matchers = f.values.map((v) => valueMatcher({ name: f.raw, type: sp.type, modifier: f.modifier, targets: sp.target }, v, this.options.now));
    return matcherClause(ix, matchers);
  }

  /** `subject:Patient.name=x` / `patient.family=x`: search the target type, then match references to it. */
  private chainClause(type: string, sp: SearchParameter, f: FilterParam): Clause {
    if (sp.type !== 'reference') throw new StoreError('invalid', `Parameter '${f.code}' is not a reference and cannot be chained`, f.raw);
    const [innerCode] = f.chain!.split(/[.:]/);
    const targets = (f.modifier ? [f.modifier] : (sp.target ?? [])).filter((t) => this.isKnown(t, innerCode));
    if (!targets.length) throw new StoreError('invalid', `Unknown chained parameter '${f.chain}' in '${f.raw}'`, f.raw);
    const keys: string[] = [];
    for (const target of targets) {
      const inner = parseQueryParams([[f.chain!, f.values[0]]], this.options.maxCount);
      const targetTable = this.table(target);
      if (!targetTable) continue;
      const { slots } = this.matchSlots(target, inner.filters, inner.has);
      for (let i = 0; i < slots.length; i++) keys.push(`${target}/${targetTable.slots[slots[i]].id}`);
    }
    const ix = this.indexFor(type, sp)!;
    const set = new Set(keys);
    const test = (s: number) => ix.entriesAt(s).some((e) => !!(e as ReferenceEntry).local && set.has((e as ReferenceEntry).local!));
    return { estimate: () => ix.estimateKeys(keys), candidates: () => ix.byKeys(keys, test), test };
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
      const { slots } = this.matchSlots(sourceType, inner.filters, inner.has);
      for (let i = 0; i < slots.length; i++) {
        for (const e of refIx.entriesAt(slots[i])) {
          const r = e as ReferenceEntry;
          if (r.type === type && r.id) {
            const rec = table.byId.get(r.id);
            if (rec?.current) set.add(rec.slot);
          }
        }
      }
    }
    const slots = [...set];
    return { estimate: () => slots.length, candidates: () => ({ slots, exact: true }), test: (s) => set.has(s) };
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

  private sortHits(hits: Hit[], sort: Array<{ code: string; desc: boolean }>): Hit[] {
    const keyFns = sort.map((s) => {
      const cache = new Map<string, (slot: number) => string | number | undefined>();
      return (h: Hit) => {
        let fn = cache.get(h.table.resourceType);
        if (!fn) {
          const sp = findSearchParameter(h.table.resourceType, s.code);
          const ix = sp ? this.indexFor(h.table.resourceType, sp) : undefined;
          fn = ix ? (slot) => sortKey(ix.type, ix.entriesAt(slot), s.desc) : () => undefined;
          cache.set(h.table.resourceType, fn);
        }
        return fn(h.slot);
      };
    });
    const keyed = hits.map((h) => ({ h, keys: keyFns.map((fn) => fn(h)), id: h.table.slots[h.slot].id }));
    keyed.sort((a, b) => {
      for (let i = 0; i < sort.length; i++) {
        const x = a.keys[i];
        const y = b.keys[i];
        if (x === y) continue;
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        const c = x < y ? -1 : 1;
        return sort[i].desc ? -c : c;
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : a.h.table.resourceType < b.h.table.resourceType ? -1 : 1;
    });
    return keyed.map((k) => k.h);
  }

  /** _include / _revinclude (with :iterate) for a page: deduplicated, never repeating a match. */
  private includes(matches: Resource[], includes: IncludeSpec[], revincludes: IncludeSpec[]): Resource[] {
    if (!includes.length && !revincludes.length) return [];
    const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id}`));
    const out: Resource[] = [];
    const add = (r: Resource | undefined, next: Resource[]) => {
      if (!r) return;
      const k = `${r.resourceType}/${r.id}`;
      if (seen.has(k)) return;
      seen.add(k);
      out.push(r);
      next.push(r);
    };
    let frontier = matches;
    for (let round = 0; frontier.length && round < MAX_ITERATE_ROUNDS; round++) {
      const next: Resource[] = [];
      const iterateOnly = round > 0;
      for (const spec of includes) {
        if (iterateOnly && !spec.iterate) continue;
        for (const r of frontier) {
          if (spec.sourceType !== '*' && r.resourceType !== spec.sourceType) continue;
          for (const sp of this.referenceParams(r.resourceType, spec.param, '_include')) {
            const expr = expressionForBase(sp, r.resourceType);
            if (!expr) continue;
            for (const e of referenceEntries(compileExpression(expr).extract(r))) {
              if (!e.local || (spec.targetType && e.type !== spec.targetType)) continue;
              add(this.table(e.type!)?.byId.get(e.id!)?.current, next);
            }
          }
        }
      }
      for (const spec of revincludes) {
        if (iterateOnly && !spec.iterate) continue;
        const keys = frontier.filter((r) => !spec.targetType || r.resourceType === spec.targetType).map((r) => `${r.resourceType}/${r.id}`);
        if (!keys.length) continue;
        const keySet = new Set(keys);
        const sourceTable = this.table(spec.sourceType);
        if (!sourceTable) {
          this.referenceParams(spec.sourceType, spec.param, '_revinclude');
          continue;
        }
        for (const sp of this.referenceParams(spec.sourceType, spec.param, '_revinclude')) {
          const ix = this.indexFor(spec.sourceType, sp);
          if (!ix) continue;
          const check = (s: number) => ix.entriesAt(s).some((e) => keySet.has((e as ReferenceEntry).local ?? ''));
          const { slots } = sortedUnique(ix.byKeys(keys, check).slots, sourceTable.slots.length);
          for (let i = 0; i < slots.length; i++) add(sourceTable.slots[slots[i]].current, next);
        }
      }
      frontier = next;
    }
    return out;
  }

  private referenceParams(type: string, code: string, control: string): SearchParameter[] {
    if (code === '*') return searchParameterDefinitions(type).filter((sp) => sp.type === 'reference');
    const sp = findSearchParameter(type, code);
    if (!sp || sp.type !== 'reference') {
      throw new StoreError('invalid', `Invalid ${control} '${type}:${code}': not a reference search parameter of ${type}`, control);
    }
    return [sp];
  }
}

function unknownParam(name: string, types: string[], expression = name): StoreError {
  return new StoreError('invalid', `Unknown search parameter '${name}' for ${types.join(', ') || 'this search'}`, expression);
}

/** The hits at [offset, offset+count) of groups concatenated in order, without materialising the rest. */
function pageOf(groups: Group[], offset: number, count: number): Hit[] {
  const out: Hit[] = [];
  let skip = offset;
  for (const g of groups) {
    if (out.length >= count) break;
    if (skip >= g.total) {
      skip -= g.total;
      continue;
    }
    for (let i = skip; i < g.slots.length && out.length < count; i++) out.push({ table: g.table, slot: g.slots[i] });
    skip = 0;
  }
  return out;
}

/** OR of one parameter's values, answered by its index when every value can be. */
function matcherClause(ix: ParamIndex, matchers: ValueMatcher[]): Clause {
  const test = (s: number) => {
    const entries = ix.entriesAt(s);
    return matchers.some((m) => m.test(entries));
  };
  const indexable = matchers.every((m) => m.candidates && m.estimate);
  return {
    test,
    estimate: () => (indexable ? matchers.reduce((n, m) => n + m.estimate!(ix), 0) : Infinity),
    candidates: () => {
      if (!indexable) return undefined;
      if (matchers.length === 1) return matchers[0].candidates!(ix, test);
      const parts = matchers.map((m) => m.candidates!(ix, test));
      return { slots: parts.flatMap((p) => Array.from(p.slots)), exact: parts.every((p) => p.exact) };
    },
  };
}

/** Ascending unique slots and their count: a bitmap pass for big sets, a numeric sort for small ones. */
function sortedUnique(slots: ArrayLike<number>, n: number, limit = Infinity): { total: number; slots: ArrayLike<number> } {
  const len = slots.length;
  if (len === 0) return { total: 0, slots: [] };
  if (len > n >> 4) {
    const bits = new Uint8Array(n);
    let count = 0;
    for (let i = 0; i < len; i++) {
      const s = slots[i];
      if (!bits[s]) {
        bits[s] = 1;
        count++;
      }
    }
    const out = new Int32Array(Math.min(count, limit));
    let j = 0;
    for (let s = 0; s < n && j < out.length; s++) if (bits[s]) out[j++] = s;
    return { total: count, slots: out };
  }
  const sorted = Int32Array.from(slots).sort();
  let j = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[j++] = sorted[i];
  return { total: j, slots: sorted.subarray(0, Math.min(j, limit)) };
}

/** The value a parameter sorts by: lowest for ascending, highest for descending. */
function sortKey(type: string, entries: IndexEntry[], desc: boolean): string | number | undefined {
  let best: string | number | undefined;
  for (const e of entries) {
    let k: string | number | undefined;
    switch (type) {
      case 'string':
        k = (e as StringEntry).norm;
        break;
      case 'token':
        k = (e as TokenEntry).code;
        break;
      case 'reference':
        k = (e as ReferenceEntry).local ?? (e as ReferenceEntry).raw;
        break;
      case 'date':
        k = desc ? (e as DateRange).hi : (e as DateRange).lo;
        break;
      case 'number':
      case 'quantity':
        k = (e as NumberEntry).value;
        break;
      default:
        k = typeof e === 'string' ? e : undefined;
    }
    if (k === undefined) continue;
    if (best === undefined || (desc ? k > best : k < best)) best = k;
  }
  return best;
}
