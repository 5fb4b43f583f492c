import type { Resource } from 'fhir/r4';
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { Store } from '../../../data-store/store.js';
import { OperationOutcomeError, allOk, badRequest, preconditionFailed, unprocessable } from '../outcomes.js';
import { parseETag, type FhirRequest, type FhirResponse } from '../request.js';
import { assertValid } from '../validation.js';

const { applyPatch, validate } = fastJsonPatch;

/** Applies a JSON Patch (RFC 6902) to a copy of `current`; 400 on a bad patch, 422 when a `test` fails. */
export function applyJsonPatch(current: Resource, body: unknown): Resource {
  if (!Array.isArray(body)) throw new OperationOutcomeError(badRequest('JSON Patch body must be an array of operations'));
  const operations = body as Operation[];
  const copy = structuredClone(current);
  const problem = validate(operations, copy);
  if (problem) {
    if (problem.name === 'TEST_OPERATION_FAILED') throw new OperationOutcomeError(unprocessable([{ message: 'JSON Patch test operation failed', path: `operation ${String(problem.index)}` }]));
    throw new OperationOutcomeError(badRequest(`Invalid JSON Patch: ${problem.message.split('\n')[0]}`, `operation ${String(problem.index)}`));
  }
  let patched: Resource;
  try {
    patched = applyPatch(copy, operations, true, true).newDocument;
  } catch (err) {
    throw new OperationOutcomeError(badRequest(`JSON Patch failed: ${(err as Error).message.split('\n')[0]}`));
  }
  if (patched?.resourceType !== current.resourceType || patched.id !== current.id) {
    throw new OperationOutcomeError(badRequest('JSON Patch must not change resourceType or id'));
  }
  return patched;
}

/**
 * patch with JSON Patch (RFC 6902); the patched resource is validated like an update; `If-Match` honoured.
 * https://hl7.org/fhir/R4/http.html#patch
 */
export async function patch(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const { resourceType, id } = req.params;
  if (!Array.isArray(req.body)) throw new OperationOutcomeError(badRequest('JSON Patch body must be an array of operations'));
  const current = store.read(resourceType, id);
  const ifMatch = parseETag(req.headers.ifMatch);
  if (ifMatch !== undefined && current.meta?.versionId !== ifMatch) {
    throw new OperationOutcomeError(preconditionFailed(`If-Match ${ifMatch} does not match current version ${current.meta?.versionId ?? '?'}`));
  }
  const patched = applyJsonPatch(current, req.body);
  await assertValid(patched);
  const result = await store.update(patched, { ifMatch: ifMatch ?? current.meta?.versionId });
  return [allOk, result.resource];
}
