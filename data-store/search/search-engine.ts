import type { SearchParameter } from 'fhir/r4';
import { isR4ResourceType } from '../../fhir-profiles/search-resource-types.js';
import { expressionForBase, findSearchParameter, isServedSearchParameter, searchParameterByUrl } from '../../fhir-profiles/search-parameters.js';
import { ResourceTable } from '../resource-table.js';
import { StoreError, type SearchPage, type SearchQuery } from '../store.js';
import { compileExpression } from './compile-expression.js';
import { resolveIncludes } from './includes.js';
import { entriesFor, type IndexEntry, type ReferenceEntry } from './index-values.js';
import { ParamIndex, type Candidates } from './param-index.js';
import { parseQueryParams, type FilterParam } from './query-params.js';
import { pageOf, sortedUnique, type Group, type Hit } from './slot-sets.js';
import { sortHits } from './sort-hits.js';
import { anyOf, valueMatcher, type ValueMatcher } from './value-matchers.js';

/** One AND-ed condition of a search over one resource type. */
interface Clause {
  estimate(): number;
  candidates(): Candidates | undefined;
  test(slot: number): boolean;
}

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

  constructor(
    readonly table: (type: string) => ResourceTable | undefined,
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
      // Run even for a type that has never held a resource: its values are checked all the same (400 alike).
      const matched = this.matchSlots(type, filters, q.has, limit);
      const table = this.table(type);
      if (table) groups.push({ table, ...matched });
    }
    const total = groups.reduce((n, g) => n + g.total, 0);
    let page: Hit[];
    if (sort.length) {
      const hits = groups.flatMap((g) => Array.from(g.slots, (slot) => ({ table: g.table, slot })));
      page = sortHits(hits, sort, (type, code) => {
        const sp = findSearchParameter(type, code);
        return sp ? this.indexFor(type, sp) : undefined;
      }).slice(q.offset, q.offset + q.count);
    } else page = pageOf(groups, q.offset, q.count);
    const matches = page.map((h) => h.table.slots[h.slot].current!);
    const includes = resolveIncludes(this, matches, q.includes, q.revincludes);
    return { total, matches, includes, offset: q.offset, count: q.count, ignored };
  }

  private checkType(type: string, expression: string): void {
    if (!this.table(type) && !isR4ResourceType(type)) {
      throw new StoreError('invalid', `Unknown resource type '${type}'`, expression);
    }
  }

  private isKnown(type: string, code: string): boolean {
    return isServedSearchParameter(type, code);
  }

  /**
   * Slots of `type` matching all filters and _has conditions, ascending (the stable default order):
   * the total count, and the first `limit` slots.
   */
  matchSlots(type: string, filters: FilterParam[], has: Array<{ raw: string; value: string }>, limit = Infinity): { total: number; slots: ArrayLike<number> } {
    const table = this.table(type);
    const clauses: Clause[] = [];
    // Clauses parse and check every value; a type without a table gets them built over an empty stand-in,
    // so a bad value is refused whether or not the type holds data (indexFor builds nothing for it).
    const over = table ?? new ResourceTable(type);
    for (const f of filters) clauses.push(this.clause(type, over, f));
    for (const h of has) clauses.push(this.hasClause(type, over, h.raw, h.value));
    if (!table) return { total: 0, slots: [] };
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
    estimate: () => (m.candidates && m.estimate ? m.estimate(ix) : Infinity),
    candidates: () => m.candidates?.(ix, test),
  };
}
