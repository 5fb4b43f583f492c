import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../../data-store/store.js';
import type { EdgeMiddleware } from './edge.js';

export interface LoadGateOptions {
  store: Store;
  /** Where the FHIR REST face is mounted (its read and vread pass while loading). */
  fhirBase: string;
  /** How long a request waits for the load before 503 (LOAD_WAIT_SECONDS). */
  waitMs: number;
  /** How far the load is, for the 503's diagnostics: e.g. "340 of 1000 patients". */
  progress: () => string;
}

/** GET/HEAD [base]/[type]/[id] or [base]/[type]/[id]/_history/[vid] (https://hl7.org/fhir/R4/http.html#read). */
const READ = /^\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** What never reads the population: health, the CapabilityStatement, the API description. */
const STATIC = /^\/(?:health(?:\/.*)?|api\/openapi\.json|api\/docs(?:\/.*)?)$/;

/** Health, a description of the API, or the FHIR read or vread of an id the store answers while loading. */
function servedWhileLoading(req: IncomingMessage, options: LoadGateOptions): boolean {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const path = query >= 0 ? url.slice(0, query) : url;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (STATIC.test(path) || path === `${options.fhirBase}/metadata`) return true;
  if (!path.startsWith(`${options.fhirBase}/`)) return false;
  const read = READ.exec(path.slice(options.fhirBase.length));
  return !!read && options.store.readableWhileLoading(read[1], read[2]);
}

function unavailable(res: ServerResponse, diagnostics: string): void {
  if (res.headersSent) return;
  res.statusCode = 503;
  res.setHeader('Content-Type', 'application/fhir+json; charset=utf-8');
  res.setHeader('Retry-After', '2');
  res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics }] }));
}

/**
 * While the store loads (start.ts serves before then): health, the API's descriptions and the reads the store can
 * answer as they will be pass; every other request waits for the load before routing (so it never sees part of the population, and a write
 * is never queued before it), up to `waitMs`, then gets 503 with Retry-After, having changed nothing.
 */
export function loadGate(options: LoadGateOptions): EdgeMiddleware {
  return (req, res, next) => {
    if (options.store.loaded || servedWhileLoading(req, options)) return next();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => (timer = setTimeout(resolve, options.waitMs, false)));
    Promise.race([options.store.whenLoaded().then(() => true as const), expired]).then(
      (loaded) => {
        clearTimeout(timer);
        if (loaded) next();
        else unavailable(res, `The population is still loading (${options.progress()}); retry shortly (see /health/ready)`);
      },
      (error: unknown) => {
        clearTimeout(timer);
        unavailable(res, `The population failed to load: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  };
}
