import express from 'express';
import type { Store } from '../data-store/store.js';
import type { PopulationConfig } from '../population/config.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFhirHandler, createFhirRouter } from './fhir/http-adapter.js';
import { software } from './fhir/handlers/metadata.js';
import { normalizeError, statusOf } from './fhir/outcomes.js';

type AppHandle = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/** What the HTTP app is built from; everything is passed in so tests run the whole app in-process. */
export interface AppDeps {
  store: Store;
  population: { config: PopulationConfig; generationSeconds: number };
  version: string;
  /**
   * Serve /fhir ahead of express (default true). Set false when app-level middleware (logs, metrics, limits,
   * security headers) must also run for FHIR requests; reads then cost express's overhead (bench/fhir.bench.ts).
   */
  fhirFastPath?: boolean;
}

/** Where the FHIR R4 REST face is served. */
export const FHIR_BASE = '/fhir';

function isFhirUrl(url: string): boolean {
  return url.startsWith(FHIR_BASE) && (url.length === FHIR_BASE.length || url[FHIR_BASE.length] === '/' || url[FHIR_BASE.length] === '?');
}

/**
 * Builds the HTTP application. Mount points:
 * - `/fhir`   FHIR R4 REST (server/fhir), served by a framework-free handler ahead of express (see below)
 * - `/admin`  population info and `POST /admin/reset` (back to the seeded population)
 * - `/health` liveness
 * Add new faces (e.g. the EDI router) as one `app.use('/edi', ...)` line each.
 */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // FHIR ETags are version ids, set by the FHIR adapter
  software.version = deps.version;

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', version: deps.version, seed: deps.population.config.seed, patients: deps.population.config.patients, asOf: deps.population.config.asOf });
  });
  app.get('/admin/population', (_req, res) => {
    res.json({ config: deps.population.config, generationSeconds: deps.population.generationSeconds, counts: deps.store.counts() });
  });
  /** Drops every client write: the store returns to the generated population. */
  app.post('/admin/reset', async (_req, res) => {
    try {
      await deps.store.reset();
      res.type('application/fhir+json').json({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', details: { text: 'Store reset to the seeded population' } }] });
    } catch (err) {
      const outcome = normalizeError(err);
      res.status(statusOf(outcome)).type('application/fhir+json').json(outcome);
    }
  });

  app.use(FHIR_BASE, createFhirRouter(deps.store));
  if (deps.fhirFastPath === false) return app;

  // Fast path: FHIR requests go straight to the node:http FHIR handler. Express's per-request machinery (router
  // walk, req/res decoration) costs about three quarters of read throughput (bench/fhir.bench.ts) and the FHIR
  // face needs none of it; middleware added with app.use does not see /fhir requests on this path.
  const fhir = createFhirHandler(deps.store);
  const expressHandle = (app as unknown as { handle: AppHandle }).handle.bind(app);
  const handle: AppHandle = (req, res, next) => {
    const url = req.url ?? '/';
    if (!isFhirUrl(url)) return expressHandle(req, res, next);
    req.url = url.slice(FHIR_BASE.length) || '/';
    fhir(req, res, FHIR_BASE).catch(() => res.destroy()); // the handler answers every error itself; this is the last resort
  };
  (app as unknown as { handle: AppHandle }).handle = handle;
  return app;
}
