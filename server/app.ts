import express from 'express';
import type { Store } from '../data-store/store.js';
import type { PopulationConfig } from '../population/config.js';

/** What the HTTP app is built from; everything is passed in so tests run the whole app in-process. */
export interface AppDeps {
  store: Store;
  population: { config: PopulationConfig; generationSeconds: number };
  version: string;
}

/** Builds the HTTP application (FHIR, EDI, admin, health). */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', version: deps.version, seed: deps.population.config.seed, patients: deps.population.config.patients, asOf: deps.population.config.asOf });
  });
  app.get('/admin/population', (_req, res) => {
    res.json({ config: deps.population.config, generationSeconds: deps.population.generationSeconds, counts: deps.store.counts() });
  });
  return app;
}
