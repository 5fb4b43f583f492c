import type { Bundle, BundleEntry, Resource } from 'fhir/r4';
import { randomUUID } from 'node:crypto';
import type { Store, WriteOperation } from '../../../data-store/store.js';
import { responseEntry, statusLine, versionLocation } from '../entry-response.js';
import { etag } from '../bundle.js';
import { OperationOutcomeError, allOk, badRequest, normalizeError, preconditionFailed, unprocessable } from '../outcomes.js';
import { parseETag, type FhirRequest, type FhirResponse } from '../request.js';
import { dispatch, findRoute } from '../routes.js';
import { assertId, assertResourceType } from '../resource-types.js';
import { assertResourceBody, validateOffThread } from '../validation.js';
import { conditionCriteria, prepareConditional, resolveConditional } from './conditional.js';
import { entryRequest } from './entry-request.js';
import { applyJsonPatch } from './patch.js';
import { timeSlicer } from '../../../data-store/time-slicer.js';

/** What one transaction entry turns into before anything is written. */
type Plan =
  | { index: number; kind: 'write'; op: WriteOperation }
  | { index: number; kind: 'noop' }
  | { index: number; kind: 'read'; request: Omit<FhirRequest, 'params'> };

const WRITE_ORDER: Record<WriteOperation['method'], number> = { DELETE: 0, POST: 1, PUT: 2 };

/** Re-throws an error with the failing entry named in every issue's expression. */
function atEntry(index: number, err: unknown): never {
  const outcome = normalizeError(err);
  throw new OperationOutcomeError({
    ...outcome,
    issue: outcome.issue.map((i) => ({ ...i, expression: [`Bundle.entry[${index}]`, ...(i.expression ?? [])] })),
  });
}

/** A conditional reference: `Type?criteria`. https://hl7.org/fhir/R4/http.html#trules */
const CONDITIONAL_REFERENCE = /^[A-Z][A-Za-z]+\?/;

/** A reference rewritten: to the id its fullUrl got, or to what its conditional reference (`Type?criteria`) matches. */
function rewritten(value: string, ids: Map<string, string>, store: Store): string | undefined {
  const mapped = ids.get(value);
  if (mapped) return mapped;
  if (CONDITIONAL_REFERENCE.test(value)) {
    const type = value.slice(0, value.indexOf('?'));
    assertResourceType(type);
    const found = resolveConditional(store, type, value.slice(value.indexOf('?') + 1));
    if (!found) throw new OperationOutcomeError(preconditionFailed(`Conditional reference ${value.slice(0, 200)} matched no resource`));
    return `${type}/${found.id ?? ''}`;
  }
  if (value.startsWith('urn:uuid:') || value.startsWith('urn:oid:')) {
    throw new OperationOutcomeError(badRequest(`Reference ${value.slice(0, 100)} does not match any fullUrl in the transaction`, 'reference'));
  }
  return undefined;
}

/**
 * Rewrites `urn:uuid:` / placeholder references and resolves conditional references (`Type?criteria`) anywhere in
 * a resource; an explicit stack and `pause` between steps, since one resource may hold megabytes.
 */
async function rewriteReferences(resource: Resource, ids: Map<string, string>, store: Store, pause: () => Promise<void>): Promise<void> {
  const stack: unknown[] = [resource];
  for (let steps = 1; stack.length; steps++) {
    if (steps % 1024 === 0) await pause();
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    const obj = node as Record<string, unknown>;
    for (const key in obj) {
      const value = obj[key];
      if (key === 'reference' && typeof value === 'string') {
        if (CONDITIONAL_REFERENCE.test(value)) await prepareConditional(store, value.slice(0, value.indexOf('?')), value.slice(value.indexOf('?') + 1));
        const to = rewritten(value, ids, store);
        if (to !== undefined) obj.reference = to;
      } else if (typeof value === 'object' && value !== null) stack.push(value);
    }
  }
}

function plan(entry: BundleEntry, index: number, baseUrl: string, store: Store, ids: Map<string, string>): Plan {
  const request = entryRequest(entry, index, baseUrl);
  const { route, params } = findRoute(request.method, request.path);
  const type = params.resourceType;
  if (type !== undefined) assertResourceType(type);
  if (params.id !== undefined) assertId(params.id);
  const remember = (resource: Pick<Resource, 'resourceType' | 'id'>): void => {
    if (entry.fullUrl) ids.set(entry.fullUrl, `${resource.resourceType}/${resource.id ?? ''}`);
  };
  switch (route.interaction) {
    case 'create': {
      const body = assertResourceBody(entry.resource, type);
      const ifNoneExist = request.headers.ifNoneExist === undefined ? undefined : conditionCriteria(request.headers.ifNoneExist);
      // The id is chosen now so references to this entry's fullUrl can be rewritten before anything is written;
      // when the store finds the If-None-Exist match instead, it retargets them to the match.
      const resource = { ...body, id: randomUUID() };
      remember(resource);
      return { index, kind: 'write', op: { method: 'POST', resource, ifNoneExist } };
    }
    case 'update': {
      const body = assertResourceBody(entry.resource, type);
      const ifMatch = parseETag(request.headers.ifMatch);
      if (params.id === undefined) {
        // Conditional update: the store resolves the criteria; references meanwhile point at a placeholder id.
        const placeholderId = body.id === undefined ? randomUUID() : undefined;
        const resource = { ...body };
        remember({ resourceType: type, id: body.id ?? placeholderId });
        return { index, kind: 'write', op: { method: 'PUT', resource, ifMatch, criteria: conditionCriteria(request.query), placeholderId } };
      }
      if (body.id !== undefined && body.id !== params.id) throw new OperationOutcomeError(badRequest(`Resource id ${String(body.id).slice(0, 64)} does not match ${params.id}`, `${type}.id`));
      const resource = { ...body, id: params.id };
      remember(resource);
      return { index, kind: 'write', op: { method: 'PUT', resource, ifMatch } };
    }
    case 'patch': {
      const current = store.read(type, params.id);
      const ifMatch = parseETag(request.headers.ifMatch);
      if (ifMatch !== undefined && ifMatch !== current.meta?.versionId) throw new OperationOutcomeError(preconditionFailed(`If-Match ${ifMatch} does not match current version`));
      const resource = applyJsonPatch(current, request.body);
      remember(resource);
      return { index, kind: 'write', op: { method: 'PUT', resource, ifMatch: current.meta?.versionId } };
    }
    case 'delete': {
      const id = params.id ?? resolveConditional(store, type, request.query)?.id;
      if (!id) return { index, kind: 'noop' };
      return { index, kind: 'write', op: { method: 'DELETE', resourceType: type, id } };
    }
    default:
      if (request.method !== 'GET' && route.interaction !== 'search-type' && route.interaction !== '$validate') {
        throw new OperationOutcomeError(badRequest(`Entry ${index}: ${request.method} ${request.path.slice(0, 100)} is not allowed in a transaction`));
      }
      return { index, kind: 'read', request };
  }
}

/**
 * transaction: all entries succeed or none is written (store.transaction); `urn:uuid:` fullUrls get server ids and
 * every reference to them is rewritten; conditional create/update/delete and conditional references resolved first.
 * https://hl7.org/fhir/R4/http.html#transaction
 */
export async function processTransaction(bundle: Bundle, baseUrl: string, store: Store): Promise<FhirResponse> {
  const entries = bundle.entry ?? [];
  const ids = new Map<string, string>();
  const pause = timeSlicer(); // thousands of entries: the event loop stays free for other requests
  const plans: Plan[] = [];
  for (const [i, e] of entries.entries()) {
    await pause();
    const url = e.request?.url ?? '';
    // A conditional delete's search (resolved in plan): its indexes built in slices first.
    if (e.request?.method === 'DELETE' && url.includes('?')) await prepareConditional(store, url.slice(0, url.indexOf('?')).split('/').pop() ?? '', url.slice(url.indexOf('?') + 1));
    try {
      plans.push(plan(e, i, baseUrl, store, ids));
    } catch (err) {
      atEntry(i, err);
    }
  }
  const writes = plans.filter((p): p is Extract<Plan, { kind: 'write' }> => p.kind === 'write');
  // The spec forbids touching one resource twice in a transaction (the outcome would depend on order).
  const touched = new Set<string>();
  for (const w of writes) {
    const id = w.op.method === 'DELETE' ? w.op.id : (w.op.resource.id ?? (w.op.method === 'PUT' ? w.op.placeholderId : undefined));
    const key = `${w.op.method === 'DELETE' ? w.op.resourceType : w.op.resource.resourceType}/${id ?? ''}`;
    if (touched.has(key)) atEntry(w.index, new OperationOutcomeError(badRequest(`${key} is written more than once in this transaction`)));
    touched.add(key);
  }
  const checked = writes.filter((w): w is typeof w & { op: { resource: Resource } } => w.op.method !== 'DELETE');
  for (const w of checked) {
    await pause();
    try {
      await rewriteReferences(w.op.resource, ids, store, pause);
    } catch (err) {
      atEntry(w.index, err);
    }
  }
  // One worker job for every entry, off the event loop; the first invalid entry fails the transaction.
  const validity = await validateOffThread(checked.map((w) => w.op.resource), true);
  const bad = validity.findIndex((r) => !r.valid);
  if (bad >= 0) atEntry(checked[bad].index, new OperationOutcomeError(unprocessable(validity[bad].issues)));
  const ordered = [...writes].sort((a, b) => WRITE_ORDER[a.op.method] - WRITE_ORDER[b.op.method] || a.index - b.index);
  const results = await store.transaction(ordered.map((w) => w.op));
  const responses: BundleEntry[] = new Array(entries.length);
  ordered.forEach((w, k) => {
    const result = results[k];
    const resource = result?.resource;
    if (w.op.method === 'DELETE') {
      responses[w.index] = { response: { status: statusLine(204) } };
      return;
    }
    const status = result?.created ? 201 : 200;
    const response: BundleEntry['response'] = { status: statusLine(status) };
    if (resource) {
      if (status === 201) response.location = versionLocation(resource);
      response.etag = etag(resource.meta?.versionId);
      if (resource.meta?.lastUpdated) response.lastModified = resource.meta.lastUpdated;
    }
    responses[w.index] = { fullUrl: resource ? `${baseUrl}/${resource.resourceType}/${resource.id ?? ''}` : undefined, resource, response };
  });
  for (const p of plans) {
    if (p.kind === 'noop') responses[p.index] = { response: { status: statusLine(204) } };
    else if (p.kind === 'read') {
      try {
        const [outcome, resource] = await dispatch(p.request, store);
        responses[p.index] = responseEntry(outcome, resource, baseUrl);
      } catch (err) {
        responses[p.index] = responseEntry(normalizeError(err), undefined, baseUrl);
      }
    }
  }
  const response: Bundle = { resourceType: 'Bundle', type: 'transaction-response', entry: responses };
  return [allOk, response];
}
