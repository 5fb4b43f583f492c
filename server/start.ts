import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import type { Resource } from 'fhir/r4';
import { createStore } from '../data-store/index.js';
import type { Store } from '../data-store/store.js';
import type { PopulationConfig } from '../population/config.js';
import { generatePopulationParallel } from '../population/parallel.js';
import { warmUpValidator } from '../fhir-profiles/schema-validator.js';
import { createApp } from './app.js';
import { createGatewayDocuments, startSftp, type SftpServer } from './sftp/index.js';
import { gracefulShutdown } from './ops/shutdown.js';
import { loadSettings, type Settings } from './ops/settings.js';
import { packageVersion } from './version.js';

export interface RunningServer {
  app: express.Express;
  server: Server;
  store: Store;
  /** Base URL actually listened on, e.g. http://127.0.0.1:8080 (useful with port 0). */
  url: string;
  population: { config: PopulationConfig; generationSeconds: number; resources: number };
  /** The embedded SFTP drop, unless disabled (`--no-sftp`). */
  sftp?: { server: SftpServer; port: number; fingerprint: string };
  /** Stops accepting connections, lets in-flight requests finish, then flushes and closes the store. */
  close(): Promise<void>;
}

/** The population part of the settings. Only the CLI and this edge pick defaults (see settings.ts). */
export function populationConfigFrom(settings: Settings): PopulationConfig {
  return {
    seed: settings.seed,
    patients: settings.patients,
    asOf: settings.asOf,
    historyYears: settings.historyYears,
    state: settings.state === '' ? undefined : settings.state,
    minAge: settings.minAge,
    maxAge: settings.maxAge,
    includeAddress: settings.includeAddress,
  };
}

/**
 * Generates the population, loads it into the store with the persisted client writes from `dataDir`,
 * builds the HTTP app, starts the SFTP drop (unless `sftpEnabled` is false) and listens. `overrides` win over the defaults of the settings table
 * (the environment is the CLI's business, not this function's).
 */
export async function startServer(overrides: Partial<Settings> = {}): Promise<RunningServer> {
  const settings: Settings = { ...loadSettings({}), ...overrides };
  const config = populationConfigFrom(settings);
  const started = performance.now();
  // THREADS=0 (automatic) means one thread here: the store needs objects on this thread, and rebuilding
  // objects sent by workers costs about as much as generating them (bench/RESULTS.md).
  const resources: Resource[] = await generatePopulationParallel(config, { threads: settings.threads || 1 });
  const generationSeconds = (performance.now() - started) / 1000;
  const store = await createStore({
    base: () => resources,
    dataDir: settings.dataDir,
    baseLastUpdated: `${config.asOf}T00:00:00Z`,
  });
  // Compile the JSON Schema validators now (about 1.5 s once) rather than in the first client write.
  warmUpValidator(Object.keys(store.counts()));
  // Beyond AppDeps, the app is handed the resolved settings and the data directory: app.ts can pick them up
  // by declaring optional `settings` / `dataDir` fields (EDI control numbers, ops middleware) with no change here.
  let sftp: RunningServer['sftp'];
  // The app mounts /edi (and configures the EDI gateway for this store) before the drop starts, so HTTP and
  // SFTP share control numbers; POST /admin/publish reaches the drop through the getter.
  const app = createApp({ store, population: { config, generationSeconds }, version: packageVersion(), settings, dataDir: settings.dataDir, sftp: () => sftp?.server });
  let server: Server;
  try {
    if (settings.sftpEnabled) {
      const started = await startSftp({ settings, documents: createGatewayDocuments(store) });
      sftp = { server: started.sftp, port: started.port, fingerprint: started.fingerprint };
    }
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(settings.port, settings.host, (error?: Error) => (error ? reject(error) : resolve(s)));
      s.once('error', reject);
    });
  } catch (error) {
    await sftp?.server.close();
    await store.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    app,
    server,
    store,
    url: `http://${host}:${address.port}`,
    population: { config, generationSeconds, resources: resources.length },
    sftp,
    close: () => {
      const closers = [...(sftp ? [() => sftp.server.close()] : []), () => store.close()];
      return (closing ??= gracefulShutdown(server, closers, settings.shutdownTimeoutMs));
    },
  };
}
