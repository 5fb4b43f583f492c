import { StoreError } from '../store.js';
import { parseDateRange, type DateRange } from './date-range.js';
import { normalizeString, parseReference, type IndexEntry, type NumberEntry, type ReferenceEntry, type StringEntry, type TokenEntry } from './index-values.js';
import { identifierKey, rawReferenceKey, referenceKeys, tokenKey, tokenKeys, type Candidates, type ParamIndex } from './param-index.js';

/**
 * One search value (one of the comma-separated alternatives) turned into a test over a resource's
 * index entries, plus, when the index can answer it, a candidate lookup and a size estimate.
 * Semantics per parameter type: https://hl7.org/fhir/R4/search.html
 */
export interface ValueMatcher {
  test(entries: IndexEntry[]): boolean;
  estimate?(ix: ParamIndex): number;
  candidates?(ix: ParamIndex, check: (slot: number) => boolean): Candidates;
  /** Hash-key matchers (token, reference, uri): the keys looked up, and the keys of an entry, so ORs merge into one set. */
  keys?: { list: string[]; of: (e: IndexEntry) => string[] };
}

export interface ParsedParam {
  /** Parameter name as sent, for error messages. */
  name: string;
  type: string;
  modifier?: string;
  /** Reference parameters: the target types (a bare id matches any of them). */
  targets?: string[];
}

const PREFIXES = new Set(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap']);
const DAY = 86_400_000;

function invalid(p: ParsedParam, value: string, why: string): StoreError {
  return new StoreError('invalid', `Invalid value '${value}' for search parameter '${p.name}': ${why}`, p.name);
}

/** Builds the matcher for one value of a parameter of the given type. */
export function valueMatcher(p: ParsedParam, value: string, now: () => Date): ValueMatcher {
  if (p.modifier === 'missing') {
    if (value !== 'true' && value !== 'false') throw invalid(p, value, ':missing takes true or false');
    const missing = value === 'true';
    return { test: (entries) => (entries.length === 0) === missing };
  }
  switch (p.type) {
    case 'string':
      return stringMatcher(p, value);
    case 'token':
      return tokenMatcher(p, value);
    case 'reference':
      return referenceMatcher(p, value);
    case 'date':
      return dateMatcher(p, value, now);
    case 'number':
    case 'quantity':
      return numberMatcher(p, value);
    case 'uri':
      return uriMatcher(p, value);
    default:
      throw new StoreError('invalid', `Search parameter '${p.name}' of type ${p.type} is not supported`, p.name);
  }
}

function unsupportedModifier(p: ParsedParam): StoreError {
  return new StoreError('invalid', `Modifier ':${String(p.modifier)}' is not supported for ${p.type} parameter '${p.name}'`, p.name);
}

function stringMatcher(p: ParsedParam, value: string): ValueMatcher {
  const q = normalizeString(value);
  if (!p.modifier) {
    return {
      test: (entries) => entries.some((e) => (e as StringEntry).norm.startsWith(q)),
      estimate: (ix) => ix.estimatePrefix(q),
      candidates: (ix, check) => ix.byPrefix(q, check),
    };
  }
  if (p.modifier === 'exact') {
    return {
      test: (entries) => entries.some((e) => (e as StringEntry).raw === value),
      estimate: (ix) => ix.estimatePrefix(q),
      candidates: (ix, check) => ({ ...ix.byPrefix(q, check), exact: false }),
    };
  }
  if (p.modifier === 'contains') return { test: (entries) => entries.some((e) => (e as StringEntry).norm.includes(q)) };
  throw unsupportedModifier(p);
}

/** system|code, |code, system|, code. */
export function parseToken(value: string): { system?: string; code?: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { code: value };
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  return { system, code: code === '' ? undefined : code };
}

function tokenTest(t: { system?: string; code?: string }): (e: IndexEntry) => boolean {
  return (e) => {
    const x = e as TokenEntry;
    if (t.system === undefined) return x.code === t.code;
    if (t.code === undefined) return x.system === t.system;
    return (x.system ?? '') === t.system && x.code === t.code;
  };
}

function tokenMatcher(p: ParsedParam, value: string): ValueMatcher {
  if (!p.modifier || p.modifier === 'not') {
    const t = parseToken(value);
    const one = tokenTest(t);
    if (p.modifier === 'not') return { test: (entries) => !entries.some(one) };
    const key = tokenKey(t);
    return {
      test: (entries) => entries.some(one),
      estimate: (ix) => ix.estimateKeys([key]),
      candidates: (ix) => ix.byKeys([key]),
      keys: { list: [key], of: tokenKeys },
    };
  }
  if (p.modifier === 'text') {
    const q = normalizeString(value);
    return { test: (entries) => entries.some((e) => !!(e as TokenEntry).text?.split('\u0000').some((t) => t.startsWith(q) || t.includes(` ${q}`))) };
  }
  if (p.modifier === 'of-type') {
    const parts = value.split('|');
    if (parts.length !== 3) throw invalid(p, value, ':of-type takes system|code|value');
    const [system, code, v] = parts;
    return {
      test: (entries) => entries.some((e) => {
        const x = e as TokenEntry;
        return x.code === v && !!x.types?.some((t) => t.system === system && t.code === code);
      }),
    };
  }
  throw unsupportedModifier(p);
}

function referenceMatcher(p: ParsedParam, value: string): ValueMatcher {
  const keys: string[] = [];
  if (p.modifier === 'identifier') {
    const t = parseToken(value);
    keys.push(identifierKey(t.system, t.code ?? ''));
  } else if (p.modifier && !/^[A-Z]/.test(p.modifier)) {
    throw unsupportedModifier(p);
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    const r = parseReference(value);
    if (r.raw) keys.push(rawReferenceKey(r.raw));
    if (r.local && /^https?:/.test(value)) keys.push(r.local);
  } else if (value.includes('/')) {
    const r = parseReference(value);
    if (!r.local) throw invalid(p, value, 'expected Type/id');
    if (p.modifier && r.type !== p.modifier) throw invalid(p, value, `type does not match :${p.modifier}`);
    keys.push(r.local);
  } else if (p.modifier) keys.push(`${p.modifier}/${value}`);
  else for (const t of p.targets ?? []) keys.push(`${t}/${value}`);
  const set = new Set(keys);
  return {
    test: (entries) => entries.some((e) => referenceKeys(e as ReferenceEntry).some((k) => set.has(k))),
    estimate: (ix) => ix.estimateKeys(keys),
    candidates: (ix) => ix.byKeys(keys),
    keys: { list: keys, of: referenceKeys },
  };
}

/** Splits an optional two-letter prefix from a date/number/quantity value. */
function splitPrefix(p: ParsedParam, value: string): [string, string] {
  const m = /^([a-z]{2})(.*)$/.exec(value);
  if (m) {
    if (!PREFIXES.has(m[1])) throw invalid(p, value, `unknown prefix '${m[1]}'`);
    return [m[1], m[2]];
  }
  return ['eq', value];
}

/** Date comparison of a resource range R with the search range P (half-open ranges). */
export function compareDate(op: string, r: DateRange, q: DateRange, apSlack: number): boolean {
  switch (op) {
    case 'eq':
      return r.lo >= q.lo && r.hi <= q.hi;
    case 'ne':
      return !(r.lo >= q.lo && r.hi <= q.hi);
    case 'gt':
      return r.hi > q.hi;
    case 'ge':
      return r.hi > q.lo;
    case 'lt':
      return r.lo < q.lo;
    case 'le':
      return r.lo < q.hi;
    case 'sa':
      return r.lo >= q.hi;
    case 'eb':
      return r.hi <= q.lo;
    case 'ap':
      return r.hi > q.lo - apSlack && r.lo < q.hi + apSlack;
    default:
      return false;
  }
}

function dateMatcher(p: ParsedParam, value: string, now: () => Date): ValueMatcher {
  if (p.modifier) throw unsupportedModifier(p);
  const [op, v] = splitPrefix(p, value);
  const q = parseDateRange(v);
  if (!q) throw invalid(p, value, 'not a FHIR date/dateTime');
  const slack = op === 'ap' ? Math.max(DAY, Math.abs(now().getTime() - q.lo) * 0.1) : 0;
  const one = (e: IndexEntry) => compareDate(op, e as DateRange, q, slack);
  const test = op === 'ne' ? (entries: IndexEntry[]) => entries.length > 0 && !entries.some((e) => compareDate('eq', e as DateRange, q, 0)) : (entries: IndexEntry[]) => entries.some(one);
  const plan = dateInterval(op, q);
  if (!plan) return { test };
  const [which, from, fi, to, ti, exact] = plan;
  return {
    test,
    estimate: (ix) => ix.estimateInterval(which, from, fi, to, ti),
    candidates: (ix, check) => ix.byInterval(which, from, fi, to, ti, check, exact),
  };
}

type Interval = ['lo' | 'hi', number, boolean, number, boolean, boolean];

function dateInterval(op: string, q: DateRange): Interval | undefined {
  switch (op) {
    case 'eq':
      return ['lo', q.lo, true, q.hi, false, false];
    case 'gt':
      return ['hi', q.hi, false, Infinity, true, true];
    case 'ge':
      return ['hi', q.lo, false, Infinity, true, true];
    case 'lt':
      return ['lo', -Infinity, true, q.lo, false, true];
    case 'le':
      return ['lo', -Infinity, true, q.hi, false, true];
    case 'sa':
      return ['lo', q.hi, true, Infinity, true, true];
    case 'eb':
      return ['hi', -Infinity, true, q.lo, true, true];
    default:
      return undefined;
  }
}

/** Number and quantity: `[prefix]number[|system|code]`; eq uses the value's implicit precision. */
function numberMatcher(p: ParsedParam, value: string): ValueMatcher {
  if (p.modifier) throw unsupportedModifier(p);
  const [op, rest] = splitPrefix(p, value);
  const parts = rest.split('|');
  if (p.type === 'number' && parts.length > 1) throw invalid(p, value, 'number parameters take a plain number');
  const numText = parts[0];
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(numText)) throw invalid(p, value, 'not a number');
  const n = Number(numText);
  const system = parts[1] || undefined;
  const code = parts[2] || undefined;
  const decimals = /\.(\d+)/.exec(numText.replace(/[eE].*$/, ''))?.[1].length ?? 0;
  const exp = Number(/[eE]([+-]?\d+)$/.exec(numText)?.[1] ?? 0);
  const half = 0.5 * 10 ** (exp - decimals);
  const lo = n - half;
  const hi = n + half;
  const unitOk = (e: NumberEntry) => (!system || e.system === system) && (!code || e.code === code || e.unit === code);
  const cmp = (v: number): boolean => {
    switch (op) {
      case 'eq':
        return v >= lo && v < hi;
      case 'ne':
        return !(v >= lo && v < hi);
      case 'gt':
      case 'sa':
        return v > n;
      case 'ge':
        return v >= n;
      case 'lt':
      case 'eb':
        return v < n;
      case 'le':
        return v <= n;
      case 'ap':
        return Math.abs(v - n) <= Math.abs(n) * 0.1;
      default:
        return false;
    }
  };
  const test = (entries: IndexEntry[]) => entries.some((e) => unitOk(e as NumberEntry) && cmp((e as NumberEntry).value));
  const iv: [number, boolean, number, boolean] | undefined =
    op === 'eq' ? [lo, true, hi, false]
    : op === 'gt' || op === 'sa' ? [n, false, Infinity, true]
    : op === 'ge' ? [n, true, Infinity, true]
    : op === 'lt' || op === 'eb' ? [-Infinity, true, n, false]
    : op === 'le' ? [-Infinity, true, n, true]
    : op === 'ap' ? [n - Math.abs(n) * 0.1, true, n + Math.abs(n) * 0.1, true]
    : undefined;
  if (!iv) return { test };
  const exact = !system && !code;
  return {
    test,
    estimate: (ix) => ix.estimateInterval('lo', iv[0], iv[1], iv[2], iv[3]),
    candidates: (ix, check) => ix.byInterval('lo', iv[0], iv[1], iv[2], iv[3], check, exact),
  };
}

function uriMatcher(p: ParsedParam, value: string): ValueMatcher {
  if (!p.modifier) {
    const key = value;
    return {
      test: (entries) => entries.includes(value),
      estimate: (ix) => ix.estimateKeys([key]),
      candidates: (ix) => ix.byKeys([key]),
      keys: { list: [key], of: (e) => [e as string] },
    };
  }
  if (p.modifier === 'below') return { test: (entries) => entries.some((e) => (e as string).startsWith(value)) };
  if (p.modifier === 'above') return { test: (entries) => entries.some((e) => value.startsWith(e as string)) };
  throw unsupportedModifier(p);
}

/**
 * The OR of one parameter's values as one matcher, so a search costs time linear in the number of values: hash-key
 * matchers merge into one key set (one lookup, one test per entry); others are tried in turn, and the index's
 * written-since-snapshot slots are re-checked once for the whole OR rather than once per value.
 * https://hl7.org/fhir/R4/search.html#combining
 */
export function anyOf(matchers: ValueMatcher[]): ValueMatcher {
  if (matchers.length === 1) return matchers[0];
  const of = matchers[0]?.keys?.of;
  if (of && matchers.every((m) => m.keys?.of === of)) {
    const list = [...new Set(matchers.flatMap((m) => m.keys!.list))];
    const set = new Set(list);
    return {
      test: (entries) => entries.some((e) => of(e).some((k) => set.has(k))),
      estimate: (ix) => ix.estimateKeys(list),
      candidates: (ix) => ix.byKeys(list),
      keys: { list, of },
    };
  }
  const test = (entries: IndexEntry[]): boolean => matchers.some((m) => m.test(entries));
  if (!matchers.every((m) => m.candidates && m.estimate)) return { test };
  const none = (): boolean => false;
  return {
    test,
    estimate: (ix) => matchers.reduce((n, m) => n + m.estimate!(ix), 0),
    candidates: (ix, check) => {
      // Only the first lookup re-checks the dirty slots (with the whole OR as `check`); the others skip them.
      const parts = matchers.map((m, i) => m.candidates!(ix, i === 0 ? check : none));
      return { lists: parts.flatMap((p) => p.lists), ascending: parts.every((p) => p.ascending), exact: parts.every((p) => p.exact) };
    },
  };
}
