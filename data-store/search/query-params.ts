import { StoreError } from '../store.js';

/** A filter parameter as sent: `name[:modifier][.chain]=v1,v2`. https://hl7.org/fhir/R4/search.html */
export interface FilterParam {
  /** The full parameter name as sent (for errors and `ignored`). */
  raw: string;
  code: string;
  modifier?: string;
  /** The rest after the first '.', for chained parameters. */
  chain?: string;
  values: string[];
}

export interface IncludeSpec {
  /** '*' (only for `_include=*`) means any type. */
  sourceType: string;
  param: string;
  targetType?: string;
  iterate: boolean;
}

export interface ParsedQuery {
  filters: FilterParam[];
  has: Array<{ raw: string; value: string }>;
  count: number;
  offset: number;
  sort: Array<{ code: string; desc: boolean }>;
  includes: IncludeSpec[];
  revincludes: IncludeSpec[];
  types?: string[];
  /** `_total`: none | estimate | accurate (absent: exact only when cheap). https://hl7.org/fhir/R4/search.html#total */
  total?: 'none' | 'estimate' | 'accurate';
}

/**
 * Most values one parameter may OR together, and most parameters one search may AND: beyond them a value test
 * (string, date, number, :not) costs values x resources per request, so the request is refused (400) instead.
 */
export const MAX_SEARCH_VALUES = 1000;
export const MAX_SEARCH_PARAMS = 100;

/** Presentation parameters are the HTTP layer's business. */
const PRESENTATION = new Set(['_summary', '_elements', '_format', '_pretty']);

/** Splits a value list on unescaped commas and removes the `\` escapes. */
export function splitValues(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      cur += value[++i];
    } else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function nonNegativeInt(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new StoreError('invalid', `Invalid value '${value}' for '${name}': expected a non-negative integer`, name);
  return Number(value);
}

function includeSpec(name: string, value: string, iterate: boolean): IncludeSpec {
  if (value === '*' && name.startsWith('_include')) return { sourceType: '*', param: '*', iterate };
  const parts = value.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) {
    throw new StoreError('invalid', `Invalid value '${value}' for '${name}': expected Type:param[:TargetType]`, name);
  }
  return { sourceType: parts[0], param: parts[1], targetType: parts[2], iterate };
}

/** Separates control parameters (_count, _sort, _include ...) from filters. */
export function parseQueryParams(params: Array<[string, string]>, maxCount: number): ParsedQuery {
  const q: ParsedQuery = { filters: [], has: [], count: Math.min(20, maxCount), offset: 0, sort: [], includes: [], revincludes: [] };
  if (params.length > MAX_SEARCH_PARAMS) {
    throw new StoreError('invalid', `Too many search parameters (${params.length}): at most ${MAX_SEARCH_PARAMS} per request`);
  }
  for (const [name, value] of params) {
    if (PRESENTATION.has(name)) continue;
    const base = name.split(':')[0];
    switch (base) {
      case '_count':
        q.count = Math.min(nonNegativeInt(name, value), maxCount);
        continue;
      case '_offset':
        q.offset = nonNegativeInt(name, value);
        continue;
      case '_total':
        if (!['none', 'estimate', 'accurate'].includes(value)) {
          throw new StoreError('invalid', `Invalid value '${value}' for '_total': expected none, estimate or accurate`, name);
        }
        q.total = value as ParsedQuery['total'];
        continue;
      case '_sort':
        for (const key of splitValues(value)) {
          if (!key) continue;
          q.sort.push(key.startsWith('-') ? { code: key.slice(1), desc: true } : { code: key, desc: false });
        }
        continue;
      case '_include':
      case '_revinclude': {
        const mod = name.slice(base.length + 1);
        if (mod && mod !== 'iterate' && mod !== 'recurse') throw new StoreError('invalid', `Unknown modifier on '${name}'`, name);
        for (const v of splitValues(value)) (base === '_include' ? q.includes : q.revincludes).push(includeSpec(name, v, !!mod));
        continue;
      }
      case '_type':
        q.types = [...(q.types ?? []), ...splitValues(value).filter(Boolean)];
        continue;
      case '_has':
        q.has.push({ raw: name, value });
        continue;
    }
    if (value === '') continue;
    const dot = name.indexOf('.');
    const head = dot >= 0 ? name.slice(0, dot) : name;
    const chain = dot >= 0 ? name.slice(dot + 1) : undefined;
    const colon = head.indexOf(':');
    const values = chain ? [value] : splitValues(value);
    if (values.length > MAX_SEARCH_VALUES) {
      throw new StoreError('invalid', `Too many values for search parameter '${name}' (${values.length}): at most ${MAX_SEARCH_VALUES}`, name);
    }
    q.filters.push({
      raw: name,
      code: colon >= 0 ? head.slice(0, colon) : head,
      modifier: colon >= 0 ? head.slice(colon + 1) : undefined,
      chain,
      values,
    });
  }
  return q;
}
