import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import type { Store } from '../data-store/store.js';
import type { PopulationConfig } from '../population/config.js';
import { scenariosRouter } from './api/scenarios.js';
import { leaveBulkDataToExpress, mountBulkData } from './bulk/routes.js';
import { createConsoleRouter, createTrafficLog, type TrafficLog } from './console/index.js';
import type { Edi } from '../edi/gateway.js';
import { createEdiFace, ediFromDeps } from './edi/router.js';
import type { ControlNumberSource } from '../edi/control-numbers.js';
import { parseTradingPartners } from '../edi/gateway.js';
import { createFhirHandler, createFhirRouter } from './fhir/http-adapter.js';
import { software } from './fhir/handlers/metadata.js';
import { normalizeError, ok, statusOf } from './fhir/outcomes.js';
import { installFastPath } from './fast-path.js';
import { adminGuard } from './ops/admin-guard.js';
import { createEdge, type EdgeMiddleware } from './ops/edge.js';
import { healthRouter } from './ops/health.js';
import { loadGate } from './ops/load-gate.js';
import { jsonErrorHandler, notFoundHandler } from './ops/not-found.js';
import { rootIndex } from './ops/root-index.js';
import { storeCatchUp } from './ops/store-catch-up.js';
import type { Metrics } from './ops/metrics.js';
import { apiDocsRouter } from './ops/openapi.js';
import { corsPolicy, rateLimiter, securityHeaders } from './ops/protection.js';
import { parseByteSize, type Settings } from './ops/settings.js';
import { publishRoute } from './sftp/publish-route.js';
import { createJobRegistry, type JobRegistry } from './jobs/index.js';
import { createMemoryStorage } from './storage/index.js';
import type { IndexStatus } from '../data-store/compact/population-index.js';
import { generationApiRouter } from './api/router.js';
import type { SftpServer } from './sftp/sftp-server.js';

/** What the HTTP app is built from; everything is passed in so tests run the whole app in-process. */
export interface AppDeps {
  store: Store;
  population: { config: PopulationConfig; generationSeconds: number };
  version: string;
  /**
   * Serve /fhir, and POST /edi/270 and /edi/837, ahead of express's router (default true; see fast-path.ts).
   * false always routes them through express (costs about 3/4 of read throughput, bench/fhir.bench.ts).
   */
  fastPath?: boolean;
  /** Resolved runtime settings (limits, CORS, rate limit); defaults apply when absent. */
  settings?: Partial<Settings>;
  /** Where EDI control numbers are kept across restarts. */
  dataDir?: string;
  /** Structured request logs; none when absent (tests, benchmarks). */
  logger?: Logger;
  /** Prometheus metrics served at /metrics; none when absent. */
  metrics?: Metrics;
  /** The SFTP drop behind POST /admin/publish (503 while absent). */
  sftp?: () => SftpServer | undefined;
  /** Recent EDI traffic shown by the console (the SFTP drop feeds it too); a fresh one when absent. */
  traffic?: TrafficLog;
  /** Generation jobs and their files (/api/v1, $export); one over in-memory storage when absent. */
  jobs?: JobRegistry;
  /** The store's EDI object, shared with the SFTP drop (appEdi); made from the settings when absent. */
  edi?: Edi;
  /** Patients loaded so far while the store loads (start.ts); the population's size once it is loaded. */
  patientsLoaded?: () => number;
  /** POPULATION_MODE=regenerated: the population's search indexes and how far each is built (/health). */
  indexes?: () => IndexStatus[];
}

/** A job registry over in-memory storage with the settings' timeout and retention (tests, embedded use). */
export function defaultJobRegistry(settings: Partial<Settings>): JobRegistry {
  return createJobRegistry({
    storage: createMemoryStorage(),
    timeoutMs: (settings.generationTimeoutSeconds ?? 300) * 1000,
    retentionMs: (settings.retentionHours ?? 24) * 3_600_000,
  });
}

/** The store's EDI object as the app configures it from its settings (EDI_USAGE, EDI_SENDER_ID, EDI_PARTNERS, BODY_LIMIT). */
export function appEdi(deps: Pick<AppDeps, 'store' | 'settings' | 'dataDir' | 'population'> & { controlNumbers?: ControlNumberSource }): Edi {
  const settings = deps.settings ?? {};
  return ediFromDeps({
    store: deps.store, dataDir: deps.dataDir, controlNumbers: deps.controlNumbers, asOf: deps.population.config.asOf, maxBodyBytes: parseByteSize(settings.bodyLimit ?? '') ?? 20 * 1024 * 1024,
    usage: settings.ediUsage === 'P' ? 'P' : 'T', ourId: settings.ediSenderId, partners: parseTradingPartners(settings.ediPartners ?? []),
  });
}

/** Where the FHIR R4 REST face is served. */
export const FHIR_BASE = '/fhir';
/** Where the X12 gateway is served. */
export const EDI_BASE = '/edi';

/**
 * Builds the HTTP application. Mount points:
 * - `/fhir`   FHIR R4 REST (server/fhir); a framework-free handler serves it ahead of express (fast-path.ts)
 * - `/edi`    X12 5010 gateway (server/edi)
 * - `/admin`  population summary, `POST /admin/reset` (back to the seeded population), `POST /admin/publish`;
 *             bearer `settings.adminToken` required, disabled (403) without one (admin-guard.ts)
 * - `/health`, `/health/live`, `/health/ready`, `/metrics`, `/api/openapi.json`, `/api/docs`
 * - `/api/v1`  the generation API (server/api): members, claims, reports, vaccines, eligibility as files; jobs;
 *             the scenario catalog (`/api/v1/scenarios`)
 * - `/fhir/$export`, `/fhir/Patient/$export`, `/fhir/Group/{id}/$export` Bulk Data export (server/bulk)
 * - `/` and `/console` the web console (server/console), mounted after the fast paths so they stay on
 * Every request first passes the edge (request id, log line, metrics, security headers, CORS, rate limit), then
 * catches the store up with other servers' writes (STORE=postgres).
 */
export function createApp(deps: AppDeps): express.Express {
  const settings = deps.settings ?? {};
  const bodyLimit = parseByteSize(settings.bodyLimit ?? '') ?? 20 * 1024 * 1024;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // FHIR ETags are version ids, set by the FHIR adapter
  software.version = deps.version;
  const { config } = deps.population;
  const jobs = deps.jobs ?? defaultJobRegistry(settings);

  const patientsLoaded = (): number => (deps.store.loaded ? config.patients : (deps.patientsLoaded?.() ?? 0));
  app.use('/health', healthRouter(() => ({ version: deps.version, seed: config.seed, patients: config.patients, asOf: config.asOf, ready: true, loaded: deps.store.loaded, patientsLoaded: patientsLoaded(), indexes: deps.indexes?.() })));
  if (deps.metrics) {
    const metrics = deps.metrics;
    metrics.populationPatients.set(config.patients);
    app.get('/metrics', async (_req, res) => {
      // Read now: the store loads after the app is built, and population.generationSeconds is set when it has.
      metrics.generationSeconds.set(deps.population.generationSeconds);
      for (const [type, n] of Object.entries(deps.store.counts())) metrics.populationResources.set({ type }, n);
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }
  // Mounted under a path (not at the root) so the FHIR fast path stays on: see fast-path.ts.
  app.use('/api', apiDocsRouter(deps.version));
  // Before the generation API: its router answers every other /api/v1 path with a 404 envelope.
  const storeEdi = deps.edi ?? appEdi(deps);
  app.use('/api/v1', scenariosRouter({ store: deps.store, ourId: storeEdi.options.ourId, asOf: config.asOf, version: deps.version }));
  // The generation API (issue #14): files made on request, as jobs kept in deps.jobs' storage.
  app.use('/api/v1', generationApiRouter({
    jobs, version: deps.version, maxRecords: settings.maxRecordsPerRequest ?? 100_000, bodyLimit,
    population: { seed: config.seed, asOf: config.asOf, historyYears: config.historyYears },
  }));
  // Every /admin route: bearer token (settings.adminToken, resolved by start.ts), no cross-site callers.
  app.use('/admin', adminGuard({ token: settings.adminToken ?? '', host: settings.host }));
  app.get('/admin/population', (_req, res) => {
    res.json({ config, generationSeconds: deps.population.generationSeconds, counts: deps.store.counts() });
  });
  /** Drops every client write and every mailbox's outbound files: the state right after start, fresh set published. */
  app.post('/admin/reset', async (_req, res) => {
    try {
      await deps.store.reset();
      const drop = deps.sftp?.();
      if (drop) {
        await drop.clearOutbound();
        await drop.publish();
      }
      res.type('application/fhir+json').json(ok(`Store reset to the seeded population${drop ? '; SFTP outbound folders emptied and a fresh set published' : ''}`));
    } catch (err) {
      const outcome = normalizeError(err);
      res.status(statusOf(outcome)).type('application/fhir+json').json(outcome);
    }
  });
  app.post('/admin/publish', publishRoute(() => deps.sftp?.()));
  const traffic = deps.traffic ?? createTrafficLog();
  const edi = createEdiFace({ store: deps.store, edi: storeEdi, maxBodyBytes: bodyLimit, metrics: deps.metrics, traffic });
  app.use(EDI_BASE, edi.router);

  // Bulk Data $export, its status and files: express routes ahead of the FHIR router (see server/bulk/routes.ts).
  mountBulkData(app, FHIR_BASE, { store: deps.store, jobs });
  const fhirRouter = createFhirRouter(deps.store, { bodyLimit });
  app.use(FHIR_BASE, fhirRouter);
  if (deps.fastPath !== false) {
    installFastPath(app, FHIR_BASE, fhirRouter, leaveBulkDataToExpress(createFhirHandler(deps.store, { bodyLimit })));
    installFastPath(app, EDI_BASE, edi.router, edi.inbound);
  }
  app.use(createConsoleRouter({ store: deps.store, edi: edi.edi, asOf: config.asOf, traffic }));
  app.get('/', rootIndex(deps.version, { fhir: FHIR_BASE, edi: EDI_BASE }));

  // Keep these last: whatever no route above answered gets JSON, never express's HTML page.
  app.use(notFoundHandler(FHIR_BASE));
  app.use(jsonErrorHandler());

  const middleware: EdgeMiddleware[] = [securityHeaders() as unknown as EdgeMiddleware];
  const cors = corsPolicy(settings.corsOrigins ?? []);
  if (cors) middleware.push(cors as unknown as EdgeMiddleware);
  if (settings.rateLimitEnabled) {
    middleware.push(rateLimiter({ windowMs: settings.rateLimitWindowMs ?? 60_000, max: settings.rateLimitMax ?? 1000 }) as unknown as EdgeMiddleware);
  }
  // Before the catch-up: a request waiting for the load catches up once it is admitted.
  if (!deps.store.loaded) {
    const progress = () => `${patientsLoaded()} of ${config.patients} patients`;
    middleware.push(loadGate({ store: deps.store, fhirBase: FHIR_BASE, waitMs: (settings.loadWaitSeconds ?? 5) * 1000, progress }));
  }
  // Only a shared store has other servers' writes to catch up with; the embedded one skips the extra async hop.
  if (deps.store.shared) middleware.push(storeCatchUp(deps.store));
  const edge = createEdge({ logger: deps.logger, metrics: deps.metrics, middleware });
  const target = app as unknown as { handle: (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void };
  const inner = target.handle.bind(app);
  target.handle = (req, res, next) => edge(req, res, () => inner(req, res, next));
  return app;
}
