import express from 'express';
import type { Store } from '../data-store/store.js';
import type { PopulationConfig } from '../population/config.js';
import { createFhirHandler, createFhirRouter } from './fhir/http-adapter.js';
import { software } from './fhir/handlers/metadata.js';
import { normalizeError, statusOf } from './fhir/outcomes.js';
import { installFhirFastPath } from './fhir-fast-path.js';

/** What the HTTP app is built from; everything is passed in so tests run the whole app in-process. */
export interface AppDeps {
  store: Store;
  population: { config: PopulationConfig; generationSeconds: number };
  version: string;
  /**
   * Serve /fhir ahead of express while no middleware precedes the mount (default true; see fhir-fast-path.ts).
   * false always routes FHIR through express (costs about 3/4 of read throughput, bench/fhir.bench.ts).
   */
  fhirFastPath?: boolean;
}

/** Where the FHIR R4 REST face is served. */
export const FHIR_BASE = '/fhir';

/**
 * Builds the HTTP application. Mount points:
 * - `/fhir`   FHIR R4 REST (server/fhir); a framework-free handler serves it ahead of express (fhir-fast-path.ts)
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

  const fhirRouter = createFhirRouter(deps.store);
  app.use(FHIR_BASE, fhirRouter);
  if (deps.fhirFastPath === false) return app;

  installFhirFastPath(app, FHIR_BASE, fhirRouter, createFhirHandler(deps.store));
  return app;
}
