import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import type { Logger } from 'pino';
import type { Resource } from 'fhir/r4';
import { baseLastUpdated } from '../data-store/base-version.js';
import { checkDatabase, createStore, type CreateStoreOptions } from '../data-store/index.js';
import { loadSearchEngine } from '../data-store/search/compile-expression.js';
import type { Store } from '../data-store/store.js';
import type { PopulationConfig } from '../population/config.js';
import { directoryResources, generateDirectory } from '../population/directory.js';
import type { Directory } from '../population/model.js';
import { startPopulationIndex, type PopulationIndex } from '../data-store/compact/population-index.js';
import { populationResources } from '../population/generate.js';
import { householdLookup } from '../population/household-lookup.js';
import { appEdi, createApp } from './app.js';
import { configureValidation, stopValidation, warmUpValidation } from './fhir/validation.js';
import { answerClientError } from './ops/client-error.js';
import { resolveAdminToken } from './ops/admin-guard.js';
import { createTrafficLog } from './console/index.js';
import { bootApp } from './ops/boot-app.js';
import { createLogger, flushLogger } from './ops/logger.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { createGatewayDocuments } from './sftp/gateway-documents.js';
import type { SftpServer } from './sftp/sftp-server.js';
import type { startSftp as StartSftp } from './sftp/start-sftp.js';

type SftpDeps = Parameters<typeof StartSftp>[0];
import { OUTBOUND_SETS } from '../edi/gateway.js';
import { gracefulShutdown } from './ops/shutdown.js';
import { loadSettings, type Settings } from './ops/settings.js';
import { checkHeapBudget, fitsHeap } from './ops/heap-budget.js';
import { packageVersion } from './version.js';
import { openSharedDatabase, type SharedDatabase } from './shared-database.js';
import { createJobRegistry } from './jobs/index.js';
import { createStorage } from './storage/index.js';

export interface RunningServer {
  app: express.Express;
  server: Server;
  store: Store;
  /** Base URL actually listened on, e.g. http://127.0.0.1:8080 (useful with port 0). */
  url: string;
  /** generationSeconds: how long the population took to generate and load (after `ready`); resources: how many. */
  population: { config: PopulationConfig; generationSeconds: number; resources: number };
  /** The bearer token /admin/* requires ('' when admin is disabled); `generated` when ADMIN_TOKEN was unset. */
  admin: { token: string; generated: boolean };
  /** The embedded SFTP drop, unless disabled (`--no-sftp`). */
  sftp?: { server: SftpServer; port: number; fingerprint: string };
  logger: Logger;
  metrics: Metrics;
  /** Stops accepting connections, lets in-flight requests finish, then closes SFTP and flushes the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Structured logs; default pino at settings.logLevel (pretty on a terminal). */
  logger?: Logger;
  /**
   * Called once the port is open (before the app serves: /health/ready answers 503 until then); the store is
   * opened when the returned promise settles.
   */
  onListening?: (url: string) => void | Promise<void>;
  /**
   * Called once the app serves (the `ready` log line; /health/ready 200 with status `loading`): reads of the
   * population's ids answer, everything else waits for the load, which starts when the returned promise settles
   * (`startServer` resolves once it has finished).
   */
  onReady?: (url: string) => void | Promise<void>;
  /** What start-up is doing: each phase is reported with done 0 when it starts and done = total when it ends. */
  onProgress?: (event: StartProgress) => void;
}

/** Start-up phases in order (publish only with SFTP); `load` (generating and loading the patients) follows `ready`. */
export type StartPhase = 'load' | 'open' | 'validators' | 'sftp' | 'publish';
/** Progress of one phase: patients for `load` (and `open`: POPULATION_MODE=regenerated, nothing generated), files for `publish`, else 0/1. */
export interface StartProgress {
  phase: StartPhase;
  done: number;
  total: number;
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

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Reports load progress every this many patients. */
const PROGRESS_STEP = 100;

interface OpenedStore {
  store: Store;
  /** Patients and resources loaded so far. */
  loaded: { patients: number; resources: number };
  /** POPULATION_MODE=regenerated: the population's indexes, building in the background. */
  index?: PopulationIndex;
}

/** POPULATION_MODE: regenerated, or auto with a population the heap cannot keep (server/ops/heap-budget.ts). */
export function populationRegenerated(settings: Settings, patients: number): boolean {
  return settings.populationMode === 'regenerated' || (settings.populationMode === 'auto' && !fitsHeap(patients));
}

/**
 * Opens the store over the persisted writes of `dataDir` (or of the PostgreSQL database of STORE=postgres, checked
 * first) without loading its base: the population is generated as the store loads it (`loadStore`), and until then
 * the store answers reads of its ids by regenerating their household (population/household-lookup.ts).
 */
async function openStore(config: PopulationConfig, settings: Settings, report: ProgressReporter, regenerated: boolean): Promise<OpenedStore> {
  const databaseUrl = settings.store === 'postgres' ? settings.databaseUrl : undefined;
  if (databaseUrl) await checkDatabase(databaseUrl);
  const directory = generateDirectory(config);
  if (regenerated) return openRegenerated(config, settings, directory, databaseUrl);
  const loaded = { patients: 0, resources: 0 };
  const total = config.patients;
  const onPatients = (done: number): void => {
    loaded.patients = done;
    if (done % PROGRESS_STEP === 0 && done < total) report({ phase: 'load', done, total });
  };
  function* base(): Generator<Resource> {
    for (const r of populationResources(config, directory, onPatients)) {
      loaded.resources++;
      yield r;
    }
  }
  const store = await createStore({ ...storeOptions(config, settings, databaseUrl), base, lookup: householdLookup(config, directory) });
  return { store, loaded };
}

/** What every store of this server is opened with: the write log's place, the population's settings, paging. */
function storeOptions(config: PopulationConfig, settings: Settings, databaseUrl: string | undefined): Omit<CreateStoreOptions, 'base'> {
  return {
    deferLoad: true,
    dataDir: settings.dataDir,
    databaseUrl,
    population: { ...config },
    baseLastUpdated: baseLastUpdated(config),
    maxCount: settings.searchMaxCount,
  };
}

/**
 * POPULATION_MODE=regenerated: the store keeps the directory and client writes; records are regenerated on demand, and
 * the indexes that narrow searches are built by worker threads in the background (data-store/compact).
 */
async function openRegenerated(config: PopulationConfig, settings: Settings, directory: Directory, databaseUrl: string | undefined): Promise<OpenedStore> {
  const index = startPopulationIndex(config);
  const loaded = { patients: config.patients, resources: 0 };
  const store = await createStore({ ...storeOptions(config, settings, databaseUrl), base: () => directoryResources(directory), regenerated: { config, directory, index } }).catch(async (err: unknown) => {
    await index.close();
    throw err;
  });
  return { store, loaded, index };
}

/**
 * Loads the store (generating the population as it goes, in slices, on this thread: rebuilding objects sent by
 * workers costs about as much as generating them, bench/RESULTS.md); returns the seconds it took, to the ms.
 */
async function loadStore(store: Store, config: PopulationConfig, report: ProgressReporter, phase: 'load' | 'open'): Promise<number> {
  const started = performance.now();
  report({ phase, done: 0, total: config.patients });
  // Before searches are admitted (once loaded), not on the first one: loading FHIRPath is one ~0.1 s step.
  loadSearchEngine();
  await store.load();
  report({ phase, done: config.patients, total: config.patients });
  return Math.round(performance.now() - started) / 1000;
}

/** Starts the FHIR validation workers now (each compiles the validator in a second or two, off this thread) rather than in the first client write. */
function startValidators(settings: Settings, report: ProgressReporter): void {
  report({ phase: 'validators', done: 0, total: 1 });
  configureValidation({ timeoutMs: settings.validationTimeoutMs });
  warmUpValidation();
  report({ phase: 'validators', done: 1, total: 1 });
}

type ProgressReporter = (event: StartProgress) => void;

/** Generation jobs (/api/v1, $export) over the configured storage. */
function jobRegistry(settings: Settings): ReturnType<typeof createJobRegistry> {
  return createJobRegistry({ storage: createStorage(settings), timeoutMs: settings.generationTimeoutSeconds * 1000, retentionMs: settings.retentionHours * 3_600_000 });
}

/** Starts the SFTP drop; ssh2 is loaded only now: it is the drop's alone, and `--no-sftp` servers never need it. */
async function startDrop(deps: SftpDeps, report: ProgressReporter): Promise<NonNullable<RunningServer['sftp']>> {
  report({ phase: 'sftp', done: 0, total: 1 });
  const { startSftp } = await import('./sftp/index.js');
  const drop = await startSftp(deps);
  report({ phase: 'sftp', done: 1, total: 1 });
  return { server: drop.sftp, port: drop.port, fingerprint: drop.fingerprint };
}

/** Partners find a set to download from the first connection on (README "SFTP drop"), not after a publish. */
async function publishFirstSet(drop: SftpServer, report: ProgressReporter): Promise<void> {
  const files = drop.accounts().length * OUTBOUND_SETS.length;
  report({ phase: 'publish', done: 0, total: files });
  report({ phase: 'publish', done: (await drop.publish()).length, total: files });
}

/**
 * Opens the HTTP port at once (liveness answers, readiness says 503 "starting"), opens the store over the persisted
 * client writes from `dataDir`, builds the app and switches the port over to it (`ready`: /health/ready 200
 * "loading", reads of the population's ids answer), then generates and loads the population in the background
 * (everything else waits for it, server/ops/load-gate.ts), logs `loaded`, starts the SFTP drop (unless
 * `sftpEnabled` is false) and resolves. `overrides` win over the defaults of the settings table (the environment is
 * the CLI's business).
 */
export async function startServer(overrides: Partial<Settings> = {}, options: StartOptions = {}): Promise<RunningServer> {
  const given: Settings = { ...loadSettings({}), ...overrides };
  const admin = resolveAdminToken(given);
  const settings: Settings = { ...given, adminToken: admin.token };
  const config = populationConfigFrom(settings);
  const regenerated = populationRegenerated(settings, config.patients);
  if (!regenerated) checkHeapBudget(config.patients);
  const version = packageVersion();
  const logger = options.logger ?? createLogger({ level: settings.logLevel });
  const metrics = createMetrics();

  let handler: (req: IncomingMessage, res: ServerResponse) => void = bootApp({ version, config });
  const server = createServer((req, res) => handler(req, res));
  server.on('clientError', answerClientError);
  await listen(server, settings.port, settings.host);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  await options.onListening?.(url);
  const report = options.onProgress ?? (() => undefined);

  let store: Store | undefined;
  let sftp: RunningServer['sftp'];
  let shared: SharedDatabase | undefined;
  try {
    const opened = await openStore(config, settings, report, regenerated);
    store = opened.store;
    // Several servers on one database also share X12 control numbers and the SFTP mailboxes (/outbound and /inbound).
    if (settings.store === 'postgres' && settings.databaseUrl) shared = await openSharedDatabase(settings.databaseUrl);
    // generationSeconds is known once loaded; the app reads it per request (only requests that wait for the load do).
    const population = { config, generationSeconds: 0 };
    // One EDI object for the store, shared by /edi and the drop, so HTTP and SFTP share control numbers and the
    // inbound queue; POST /admin/publish reaches the drop through the getter.
    const traffic = createTrafficLog();
    const jobs = jobRegistry(settings);
    const edi = appEdi({ store, settings, dataDir: settings.dataDir, controlNumbers: shared?.controlNumbers, population });
    const app = createApp({ jobs, store, edi, traffic, population, version, settings, dataDir: settings.dataDir, logger, metrics, sftp: () => sftp?.server, patientsLoaded: () => opened.loaded.patients, indexes: opened.index && (() => opened.index!.status()) });
    handler = app;
    logger.info({ patients: config.patients, url }, 'ready');
    // Written now, not with the next batch of lines (up to a second later): operators and orchestrators wait for it.
    logger.flush();
    await options.onReady?.(url);
    population.generationSeconds = await loadStore(store, config, report, regenerated ? 'open' : 'load');
    // Only writes need them, and writes wait for the load: compiling meanwhile would take cores from the load.
    startValidators(settings, report);
    const { resources } = opened.loaded;
    logger.info({ patients: config.patients, resources, generationSeconds: population.generationSeconds }, 'loaded');
    logger.flush();
    // The drop opens once loaded: it serves the population's X12 documents, and takes claims in.
    if (settings.sftpEnabled) {
      sftp = await startDrop({ settings, documents: createGatewayDocuments(edi, metrics), mailboxes: shared?.mailboxes, inbound: shared?.inbound, metrics, logger, onEvent: traffic.sftp }, report);
      // A regenerated population's documents would be generated from every record: published on request only.
      if (!regenerated) await publishFirstSet(sftp.server, report);
    }
    const readyStore = store;
    const drop = sftp;
    const sharedDatabase = shared;
    let closing: Promise<void> | undefined;
    return {
      app,
      server,
      store: readyStore,
      url,
      population: { config, generationSeconds: population.generationSeconds, resources },
      admin,
      sftp,
      logger,
      metrics,
      close: () => {
        const closers = [...(drop ? [() => drop.server.close()] : []), async () => jobs.close(), stopValidation, () => readyStore.close(), async () => sharedDatabase?.close(), () => flushLogger(logger)];
        return (closing ??= gracefulShutdown(server, closers, settings.shutdownTimeoutMs));
      },
    };
  } catch (error) {
    await sftp?.server.close();
    await store?.close();
    await shared?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
}
