/**
 * "Valid FHIR R4" as checked here, in three linear passes over a resource:
 * 1. the JSON rules of every element (json-structure.ts): nesting limit, no empty values (ele-1), dom-2;
 * 2. the official HL7 FHIR R4 JSON Schema (https://hl7.org/fhir/R4/json.html#schema), patched at load where it
 *    disagrees with the spec (fhir-schema.ts), compiled with ajv;
 * 3. what the JSON Schema leaves out, from the official StructureDefinitions (required-bindings.ts): required
 *    bindings and primitives, one type per choice element, the 1 MB string limit, narrative XHTML.
 *
 * Cost: the schema's "any resource" (contained, Bundle.entry.resource, Parameters.parameter.resource ...) is a
 * custom keyword that runs the one validator its `resourceType` names, so each value is checked once whatever the
 * nesting. Validators compile lazily per resource type on first use; the shared datatypes compile with the first
 * one. `validateResource` is synchronous and pure (module-level caches only), so it can run in a worker thread.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types/index.js';
import { createRequire } from 'node:module';
import { FHIR_R4_SCHEMA_ID, RESOURCE_KEYWORD, loadFhirSchema } from './fhir-schema.js';
import { IssueSink, MAX_ISSUES, type ValidationIssue } from './issue-sink.js';
import { EMPTY_STRING, checkJsonStructure } from './json-structure.js';
import { checkRequiredElements, notInValueSetMessage, warmUpRequiredElements } from './required-bindings.js';

export { FHIR_R4_SCHEMA_ID } from './fhir-schema.js';
export type { ValidationIssue } from './issue-sink.js';

const require = createRequire(import.meta.url);

export interface ValidationResult {
  valid: boolean;
  /** At most `maxIssues` issues, then one more saying how many were left out. */
  issues: ValidationIssue[];
  /** Distinct issues found beyond `maxIssues` (0 when all are listed). */
  omitted: number;
}

export interface ValidateOptions {
  /** Issues reported in full (default 100, issue 11). */
  maxIssues?: number;
}

let ajv: Ajv | undefined;
let resourceTypes: Set<string> | undefined;
const validators = new Map<string, ValidateFunction>();

function embeddedError(instancePath: string, message: string): ErrorObject {
  return { keyword: RESOURCE_KEYWORD, instancePath, schemaPath: '#/definitions/ResourceList', params: {}, message };
}

/**
 * The `fhirResource` keyword: validates an embedded resource with its own type's validator, passing the
 * position down so its errors carry full paths. https://hl7.org/fhir/R4/references.html#contained
 */
function dispatchEmbeddedResource(this: unknown, _schema: boolean, data: unknown, _parent?: unknown, cxt?: DataValidationCxt): boolean {
  const self = dispatchEmbeddedResource as { errors?: ErrorObject[] | null };
  const at = cxt?.instancePath ?? '';
  const type = (data as { resourceType?: unknown } | null)?.resourceType;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || typeof type !== 'string') {
    self.errors = [embeddedError(at, 'must be a resource (a JSON object with a resourceType)')];
    return false;
  }
  if (!fhirResourceTypes().has(type)) {
    self.errors = [embeddedError(`${at}/resourceType`, `unknown resource type ${type.slice(0, 64)}`)];
    return false;
  }
  const validate = validatorFor(type);
  if (validate(data, { instancePath: at, parentData: cxt?.parentData ?? {}, parentDataProperty: cxt?.parentDataProperty ?? '', rootData: cxt?.rootData ?? {}, dynamicAnchors: {} })) {
    self.errors = null;
    return true;
  }
  self.errors = validate.errors ?? [];
  return false;
}

function loadAjv(): Ajv {
  if (ajv) return ajv;
  const { schema, resourceTypes: types } = loadFhirSchema();
  const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>;
  // strict: false because the schema carries keywords ajv does not know (`discriminator`, descriptions on $ref).
  // Compiling is most of the validator's start-up and of each type's first use; ajv's code optimisation passes
  // cost more there than they save at run time (about 10% less CPU over all 5,306 official examples without).
  const instance = new Ajv({ strict: false, allErrors: true, validateSchema: false, code: { optimize: false } });
  instance.addMetaSchema(draft06);
  instance.addKeyword({ keyword: RESOURCE_KEYWORD, schemaType: 'boolean', errors: true, validate: dispatchEmbeddedResource });
  instance.addSchema(schema);
  resourceTypes = new Set(types);
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

/** Compiles the validators for the given resource types and loads the definitions now rather than on first use. */
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
    case 'minLength':
      return { path: base, message: EMPTY_STRING };
    default:
      return { path: base, message: error.message ?? error.keyword };
  }
}

function invalid(path: string, message: string): ValidationResult {
  return { valid: false, issues: [{ path, message }], omitted: 0 };
}

/**
 * Validates one resource: the JSON rules, the HL7 FHIR R4 JSON Schema, required bindings and elements, choice
 * types, string size and narrative. Linear in the size of the resource; at most `maxIssues` issues are listed.
 * https://hl7.org/fhir/R4/json.html, https://hl7.org/fhir/R4/terminologies.html#required
 */
export function validateResource(resource: unknown, options: ValidateOptions = {}): ValidationResult {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return invalid('', 'a resource must be a JSON object');
  const resourceType = (resource as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string') return invalid('resourceType', 'missing resourceType');
  if (!fhirResourceTypes().has(resourceType)) return invalid('resourceType', `unknown resource type ${resourceType.slice(0, 64)}`);
  const maxIssues = options.maxIssues ?? MAX_ISSUES;
  const sink = new IssueSink(maxIssues);
  const json = resource as Record<string, unknown>;
  // Past the nesting limit nothing recursive may walk the resource: the one issue says why.
  if (checkJsonStructure(json, sink)) {
    const validate = validatorFor(resourceType);
    if (!validate(resource)) {
      // An `if` error only restates the `then` errors of a nullable array item (fhir-schema.ts).
      for (const error of validate.errors ?? []) if (error.keyword !== 'if') sink.add(describe(resourceType, resource, error));
    }
    checkRequiredElements(json as { resourceType: string }, sink);
  }
  const issues = [...sink.issues];
  if (sink.omitted > 0) issues.push({ path: '', message: `${sink.omitted} more issues not listed (only the first ${maxIssues} are)` });
  return { valid: sink.count === 0, issues, omitted: sink.omitted };
}
