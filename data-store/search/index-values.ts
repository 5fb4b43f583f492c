import { dateRangesOf, parseDateRange, type DateRange } from './date-range.js';

/**
 * What each search parameter type indexes from the values its expression selects, following the
 * type-to-element tables of https://hl7.org/fhir/R4/search.html (token, string, reference ...).
 */
export interface StringEntry {
  raw: string;
  norm: string;
}
export interface TokenEntry {
  system?: string;
  code?: string;
  /** Normalised display/text, for :text. */
  text?: string;
  /** Identifier.type codings, for :of-type. */
  types?: Array<{ system?: string; code?: string }>;
}
export interface ReferenceEntry {
  /** `Type/id` for a literal reference to a resource type (relative or absolute). */
  local?: string;
  id?: string;
  type?: string;
  /** The reference as written (absolute URLs, canonicals, urn:uuid). */
  raw?: string;
  identifier?: { system?: string; value?: string };
}
export interface NumberEntry {
  value: number;
  system?: string;
  code?: string;
  unit?: string;
}
export type IndexEntry = StringEntry | TokenEntry | ReferenceEntry | NumberEntry | DateRange | string;

/** Case- and accent-insensitive form used by string search. */
export function normalizeString(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const STRING_SKIP = new Set(['use', 'type', 'id', 'system', 'period', 'extension']);

export function stringEntries(values: unknown[]): StringEntry[] {
  const out: StringEntry[] = [];
  const add = (s: unknown) => {
    if (typeof s === 'string' && s.length) out.push({ raw: s, norm: normalizeString(s) });
  };
  for (const v of values) {
    if (typeof v === 'string') add(v);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (STRING_SKIP.has(k)) continue;
        if (Array.isArray(x)) x.forEach(add);
        else add(x);
      }
    }
  }
  return out;
}

export function tokenEntries(values: unknown[], interned?: Map<string, IndexEntry>): TokenEntry[] {
  const out: TokenEntry[] = [];
  for (const v of values) {
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') {
      out.push({ code: String(v) });
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.coding) || (typeof o.text === 'string' && o.code === undefined && o.value === undefined)) {
      const text = str(o.text);
      const codings = (o.coding as Array<Record<string, unknown>> | undefined) ?? [];
      for (const c of codings) out.push(coding(c, text, interned));
      if (!codings.length && text) out.push({ text: normalizeString(text) });
    } else if (o.value !== undefined) {
      // Identifier (system|value) or ContactPoint (system is phone/email...).
      const types = ((o.type as { coding?: Array<{ system?: string; code?: string }> } | undefined)?.coding ?? []).map((c) => ({ system: c.system, code: c.code }));
      const text = typeof (o.type as { text?: string } | undefined)?.text === 'string' ? normalizeString((o.type as { text: string }).text) : undefined;
      out.push({ system: str(o.system), code: String(o.value), text, types });
    } else if (o.code !== undefined || o.system !== undefined) out.push(coding(o, undefined, interned));
  }
  return out;
}

/**
 * A Coding's entry; equal codings (with the same CodeableConcept text) share one entry object, looked
 * up before normalising, because a few codes repeat across hundreds of thousands of resources.
 */
function coding(c: Record<string, unknown>, text: string | undefined, interned?: Map<string, IndexEntry>): TokenEntry {
  const system = str(c.system);
  const code = str(c.code);
  const display = str(c.display);
  const key = interned ? `${system ?? ''}\u0000${code ?? ''}\u0000${display ?? ''}\u0000${text ?? ''}` : '';
  const hit = interned?.get(key) as TokenEntry | undefined;
  if (hit) return hit;
  const d = display !== undefined ? normalizeString(display) : undefined;
  const t = text !== undefined ? normalizeString(text) : undefined;
  const entry: TokenEntry = { system, code, text: d !== undefined && t !== undefined ? `${t}\u0000${d}` : (d ?? t) };
  interned?.set(key, entry);
  return entry;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

const REF_RE = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** Parses a reference string into its local `Type/id` form (when it has one). */
export function parseReference(ref: string): ReferenceEntry {
  const slash = ref.indexOf('/');
  if (slash > 0 && slash === ref.lastIndexOf('/') && ref.charCodeAt(0) >= 65 && ref.charCodeAt(0) <= 90 && !ref.includes(':')) {
    // Fast path for the common relative `Type/id`.
    return { local: ref, type: ref.slice(0, slash), id: ref.slice(slash + 1), raw: ref };
  }
  const m = REF_RE.exec(ref);
  const withoutHistory = ref.replace(/\/_history\/[^/]+$/, '');
  if (m) return { local: `${m[1]}/${m[2]}`, type: m[1], id: m[2], raw: withoutHistory };
  return { raw: ref.replace(/\|.*$/, '') };
}

export function referenceEntries(values: unknown[], interned?: Map<string, IndexEntry>): ReferenceEntry[] {
  const out: ReferenceEntry[] = [];
  const parse = (ref: string): ReferenceEntry => {
    if (!interned) return parseReference(ref);
    let e = interned.get(ref) as ReferenceEntry | undefined;
    if (!e) interned.set(ref, (e = parseReference(ref)));
    return e;
  };
  for (const v of values) {
    if (typeof v === 'string') out.push(parse(v));
    else if (v && typeof v === 'object') {
      const o = v as { reference?: string; identifier?: { system?: string; value?: string } };
      if (!o.identifier && typeof o.reference === 'string') {
        out.push(parse(o.reference));
        continue;
      }
      const e: ReferenceEntry = typeof o.reference === 'string' ? parseReference(o.reference) : {};
      if (o.identifier) e.identifier = { system: o.identifier.system, value: o.identifier.value };
      if (e.raw || e.identifier) out.push(e);
    }
  }
  return out;
}

export function numberEntries(values: unknown[]): NumberEntry[] {
  const out: NumberEntry[] = [];
  for (const v of values) {
    if (typeof v === 'number') out.push({ value: v });
    else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) out.push({ value: Number(v) });
    else if (v && typeof v === 'object') {
      const q = v as { value?: number; system?: string; code?: string; unit?: string; low?: unknown; high?: unknown };
      if (typeof q.value === 'number') out.push({ value: q.value, system: q.system, code: q.code, unit: q.unit });
      else if (q.low || q.high) out.push(...numberEntries([q.low, q.high].filter(Boolean)));
    }
  }
  return out;
}

export function uriEntries(values: unknown[]): string[] {
  return values.filter((v): v is string => typeof v === 'string');
}

export function dateEntries(values: unknown[]): DateRange[] {
  if (values.length === 1 && typeof values[0] === 'string') {
    const r = parseDateRange(values[0]);
    return r ? [r] : [];
  }
  return values.flatMap((v) => dateRangesOf(v));
}

/** Index entries for one parameter type. */
export function entriesFor(type: string, values: unknown[], interned?: Map<string, IndexEntry>): IndexEntry[] {
  switch (type) {
    case 'string':
      return stringEntries(values);
    case 'token':
      return tokenEntries(values, interned);
    case 'reference':
      return referenceEntries(values, interned);
    case 'date':
      return dateEntries(values);
    case 'number':
    case 'quantity':
      return numberEntries(values);
    case 'uri':
      return uriEntries(values);
    default:
      return [];
  }
}
