import type { Resource } from 'fhir/r4';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStore } from '../../data-store/index.js';
import type { Store } from '../../data-store/store.js';
import { DEFAULT_POPULATION_CONFIG, type PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { createApp } from '../../server/app.js';

/** The bearer token the fixture's /admin routes require. */
export const ADMIN_TOKEN = 'test-admin-token';
/** Authorization header value for /admin requests in tests. */
export const ADMIN_AUTH = `Bearer ${ADMIN_TOKEN}`;

/** A small real population in a real (in-memory) store, and the real app over it. */
export async function fhirFixture(patients = 40): Promise<{ app: ReturnType<typeof createApp>; store: Store; resources: Resource[]; config: PopulationConfig }> {
  const config: PopulationConfig = { ...DEFAULT_POPULATION_CONFIG, seed: 'fhir-tests', patients, historyYears: 1 };
  const { resources } = generatePopulation(config);
  const store = await createStore({ base: () => resources, baseLastUpdated: `${config.asOf}T00:00:00Z` });
  const app = createApp({ store, population: { config, generationSeconds: 0 }, version: 'test', settings: { adminToken: ADMIN_TOKEN } });
  return { app, store, resources, config };
}

/** Listens on 127.0.0.1 on a free port; returns the FHIR base URL and a closer. */
export async function listen(app: ReturnType<typeof createApp>): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/fhir`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
