import type { Resource } from 'fhir/r4';
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { Store } from '../../../data-store/store.js';
import { OperationOutcomeError, allOk, badRequest, preconditionFailed, unprocessable } from '../outcomes.js';
import { parseETag, type FhirRequest, type FhirResponse } from '../request.js';
import { assertValid } from '../validation.js';

const { applyOperation } = fastJsonPatch;

const pointerSegments = (pointer: string): string[] => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/**
 * Gives the patched document its own copy of each container on the way to what `op` changes (the parent of its
 * `path`, and of its `from` for a move), so applying it in place changes nothing the stored version shares. Copying
 * only those paths, not the whole resource: a deep copy of a 20 MB resource holds the event loop.
 */
function ownChangedContainers(doc: Resource, op: unknown, owned: WeakSet<object>): void {
  if (typeof op !== 'object' || op === null) return; // applyOperation names the problem
  const { op: kind, path, from } = op as { op?: unknown; path?: unknown; from?: unknown };
  if (kind === 'test') return;
  for (const pointer of [path, kind === 'move' ? from : undefined]) {
    if (typeof pointer !== 'string') continue;
    let node = doc as unknown as Record<string, unknown>;
    for (const segment of pointerSegments(pointer).slice(0, -1)) {
      const child = node[segment];
      if (typeof child !== 'object' || child === null) break;
      if (!owned.has(child)) {
        const copy = (Array.isArray(child) ? [...(child as unknown[])] : { ...child }) as Record<string, unknown>;
        owned.add(copy);
        node[segment] = copy;
      }
      node = node[segment] as Record<string, unknown>;
    }
  }
}

/** Applies a JSON Patch (RFC 6902) to a copy of `current`; 400 on a bad patch, 422 when a `test` fails. */
export function applyJsonPatch(current: Resource, body: unknown): Resource {
  if (!Array.isArray(body)) throw new OperationOutcomeError(badRequest('JSON Patch body must be an array of operations'));
  const operations = body as Operation[];
  // One operation at a time, so each pointer is checked against the document as the earlier operations left it.
  let patched: Resource = { ...current };
  const owned = new WeakSet<object>([patched]);
  operations.forEach((op, index) => {
    checkPointers(op, index, patched);
    ownChangedContainers(patched, op, owned);
    try {
      patched = applyOperation(patched, op, true, true, true, index).newDocument;
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'TEST_OPERATION_FAILED') throw new OperationOutcomeError(unprocessable([{ message: 'JSON Patch test operation failed', path: `operation ${index}` }]));
      throw new OperationOutcomeError(badRequest(`Invalid JSON Patch: ${String((err as Error).message).split('\n')[0]}`, `operation ${index}`));
    }
  });
  if (patched?.resourceType !== current.resourceType || patched.id !== current.id) {
    throw new OperationOutcomeError(badRequest('JSON Patch must not change resourceType or id'));
  }
  return patched;
}

/** No FHIR element is called so: a pointer through them reaches JavaScript's prototype chain, not the resource. */
const BANNED_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * 400 unless the operation's `path` and `from` are JSON Pointers into the resource itself: no prototype segment,
 * and a `from` that names own properties (a `copy` from `/toString` would copy a function into the resource).
 * https://www.rfc-editor.org/rfc/rfc6902#section-4 https://hl7.org/fhir/R4/http.html#patch
 */
function checkPointers(op: unknown, index: number, doc: unknown): void {
  if (typeof op !== 'object' || op === null || Array.isArray(op)) return; // applyOperation names the problem
  const where = `operation ${index}`;
  for (const key of ['path', 'from'] as const) {
    const pointer: unknown = (op as Record<string, unknown>)[key];
    if (typeof pointer !== 'string') continue;
    const segments = pointerSegments(pointer);
    if (segments.some((s) => BANNED_SEGMENTS.has(s))) {
      throw new OperationOutcomeError(badRequest(`Invalid JSON Patch: ${key} ${pointer.slice(0, 100)} is not an element of the resource`, where));
    }
    if (key === 'from' && !ownPath(doc, segments)) {
      throw new OperationOutcomeError(badRequest(`Invalid JSON Patch: from ${pointer.slice(0, 100)} does not exist in the resource`, where));
    }
  }
}

function ownPath(doc: unknown, segments: string[]): boolean {
  let node = doc;
  for (const s of segments) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, s)) return false;
    node = (node as Record<string, unknown>)[s];
  }
  return true;
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
