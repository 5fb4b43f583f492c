import type { Store } from '../../data-store/store.js';
import { create } from './handlers/create.js';
import { conditionalDelete, remove } from './handlers/delete.js';
import { BULK_DATA, bulkExportOutsideAsync } from './handlers/bulk-export.js';
import { everything } from './handlers/everything.js';
import { history } from './handlers/history.js';
import { metadata } from './handlers/metadata.js';
import { patch } from './handlers/patch.js';
import { read, vread } from './handlers/read.js';
import { search } from './handlers/search.js';
import { conditionalUpdate, update } from './handlers/update.js';
import { validateOperation } from './handlers/validate.js';
import { batchOrTransaction } from './handlers/bundle-processing.js';
import { OperationOutcomeError, badRequest, methodNotAllowed, notFoundWith } from './outcomes.js';
import type { FhirRequest, FhirResponse } from './request.js';
import { assertId, assertResourceType } from './resource-types.js';

/** A handler may answer synchronously (read, vread) or asynchronously (writes, search). */
export type Handler = (req: FhirRequest, store: Store) => FhirResponse | Promise<FhirResponse>;

/** Where an interaction applies, as the CapabilityStatement groups them. */
export type Level = 'system' | 'type' | 'instance';

export interface Route {
  method: FhirRequest['method'];
  /** Segments below the base; `:name` captures, anything else is literal. */
  path: string;
  handler: Handler;
  level: Level;
  /** CapabilityStatement interaction code (TypeRestfulInteraction / SystemRestfulInteraction) or `$operation`. */
  interaction: string;
  /** Only for these resource types (default: every type). */
  types?: string[];
  /** OperationDefinition canonical, for `$operations`. */
  definition?: string;
}

/**
 * The FHIR REST API as data, one line per interaction; literal segments come before captures.
 * https://hl7.org/fhir/R4/http.html
 */
export const routes: Route[] = [
  { method: 'GET', path: '', handler: search, level: 'system', interaction: 'search-system' },
  { method: 'POST', path: '', handler: batchOrTransaction, level: 'system', interaction: 'transaction' },
  { method: 'POST', path: '', handler: batchOrTransaction, level: 'system', interaction: 'batch' },
  { method: 'GET', path: 'metadata', handler: metadata, level: 'system', interaction: 'capabilities' },
  { method: 'GET', path: '_history', handler: history, level: 'system', interaction: 'history-system' },
  { method: 'GET', path: '$export', handler: bulkExportOutsideAsync, level: 'system', interaction: '$export', definition: BULK_DATA.systemExport },
  { method: 'GET', path: 'Patient/$export', handler: bulkExportOutsideAsync, level: 'type', interaction: '$export', types: ['Patient'], definition: BULK_DATA.patientExport },
  { method: 'GET', path: ':resourceType', handler: search, level: 'type', interaction: 'search-type' },
  { method: 'POST', path: ':resourceType/_search', handler: search, level: 'type', interaction: 'search-type' },
  { method: 'GET', path: ':resourceType/_history', handler: history, level: 'type', interaction: 'history-type' },
  { method: 'POST', path: ':resourceType/$validate', handler: validateOperation, level: 'type', interaction: '$validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' },
  { method: 'POST', path: ':resourceType', handler: create, level: 'type', interaction: 'create' },
  { method: 'PUT', path: ':resourceType', handler: conditionalUpdate, level: 'type', interaction: 'update' },
  { method: 'DELETE', path: ':resourceType', handler: conditionalDelete, level: 'type', interaction: 'delete' },
  { method: 'POST', path: ':resourceType/:id/$validate', handler: validateOperation, level: 'instance', interaction: '$validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' },
  { method: 'GET', path: 'Patient/:id/$everything', handler: everything, level: 'instance', interaction: '$everything', types: ['Patient'], definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' },
  { method: 'GET', path: 'Group/:id/$export', handler: bulkExportOutsideAsync, level: 'instance', interaction: '$export', types: ['Group'], definition: BULK_DATA.groupExport },
  { method: 'GET', path: ':resourceType/:id', handler: read, level: 'instance', interaction: 'read' },
  { method: 'PUT', path: ':resourceType/:id', handler: update, level: 'instance', interaction: 'update' },
  { method: 'PATCH', path: ':resourceType/:id', handler: patch, level: 'instance', interaction: 'patch' },
  { method: 'DELETE', path: ':resourceType/:id', handler: remove, level: 'instance', interaction: 'delete' },
  { method: 'GET', path: ':resourceType/:id/_history', handler: history, level: 'instance', interaction: 'history-instance' },
  { method: 'GET', path: ':resourceType/:id/_history/:vid', handler: vread, level: 'instance', interaction: 'vread' },
];

/** A route's path split once: literal segments and `:name` captures. */
interface CompiledRoute {
  route: Route;
  segments: Array<{ literal: string } | { capture: string }>;
}

const compiled: CompiledRoute[] = routes.map((route) => ({
  route,
  segments: (route.path === '' ? [] : route.path.split('/')).map((part) => (part.startsWith(':') ? { capture: part.slice(1) } : { literal: part })),
}));

function matchPath(pattern: CompiledRoute['segments'], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  let params: Record<string, string> | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i];
    const segment = segments[i];
    if ('literal' in part) {
      if (part.literal !== segment) return undefined;
      continue;
    }
    // A capture never swallows a reserved word (`_history`, `$op`, `metadata`).
    const first = segment.charCodeAt(0);
    if (first === 95 /* _ */ || first === 36 /* $ */) return undefined;
    // Resource types are capitalised, so `metadata` is never read as one.
    if (part.capture === 'resourceType' && !(first >= 65 && first <= 90)) return undefined;
    (params ??= {})[part.capture] = segment;
  }
  return params ?? {};
}

/** Splits and percent-decodes the path below the base (400 on malformed escapes). */
function pathSegments(path: string): string[] {
  if (path === '') return [];
  const segments = path.split('/');
  if (!path.includes('%')) return segments;
  try {
    return segments.map((s) => decodeURIComponent(s));
  } catch {
    throw new OperationOutcomeError(badRequest('Malformed percent-encoding in the URL path'));
  }
}

/** Finds the route for a request: 404 when no path matches, 405 when the path exists with other methods. */
export function findRoute(method: string, path: string): { route: Route; params: Record<string, string> } {
  const segments = pathSegments(path);
  let pathExists = false;
  for (const { route, segments: pattern } of compiled) {
    const params = matchPath(pattern, segments);
    if (!params) continue;
    pathExists = true;
    if (route.method === method) return { route, params };
  }
  if (pathExists) throw new OperationOutcomeError(methodNotAllowed(`Method ${method.slice(0, 10)} is not allowed on /${path.slice(0, 200)}`));
  throw new OperationOutcomeError(notFoundWith(`Unknown FHIR path: /${path.slice(0, 200)}`));
}

/** Routes and runs one interaction (also used for each entry of a batch); await the result. */
export function dispatch(req: Omit<FhirRequest, 'params'>, store: Store): FhirResponse | Promise<FhirResponse> {
  const { route, params } = findRoute(req.method, req.path);
  if (params.resourceType !== undefined) assertResourceType(params.resourceType);
  if (params.id !== undefined) assertId(params.id);
  if (params.vid !== undefined) assertId(params.vid, 'version id');
  // A literal rather than a spread: this runs on every request and spreads are the slow path for V8.
  return route.handler({ method: req.method, path: req.path, params, query: req.query, body: req.body, baseUrl: req.baseUrl, headers: req.headers }, store);
}
