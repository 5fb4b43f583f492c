import express from 'express';
import type { IndexStatus } from '../../data-store/compact/population-index.js';

/**
 * What the health endpoints report: `ready` once the app serves (reads of the population's own ids first), `loaded`
 * once the whole population is in the store (everything served), with the patients loaded so far.
 */
export interface HealthInfo {
  version: string;
  seed: string;
  patients: number;
  asOf: string;
  ready: boolean;
  loaded: boolean;
  /** Patients loaded into the store so far, of `patients`. */
  patientsLoaded: number;
  /** POPULATION_MODE=regenerated: the population's search indexes and how far each is built. */
  indexes?: IndexStatus[];
}

/** The body of every health answer; `status` is ok (liveness), or starting, loading, ready (readiness). */
export function healthBody(status: string, i: HealthInfo): Record<string, unknown> {
  return {
    status,
    version: i.version,
    seed: i.seed,
    patients: i.patients,
    asOf: i.asOf,
    ready: i.ready,
    loaded: i.loaded,
    serving: i.loaded ? 'all' : i.ready ? 'reads' : 'none',
    progress: { patients: i.patientsLoaded, total: i.patients },
    ...(i.indexes ? { indexes: i.indexes } : {}),
  };
}

/** The readiness status: starting (503), loading (200: reads are served), ready (200: everything is). */
export function readiness(i: HealthInfo): string {
  return i.loaded ? 'ready' : i.ready ? 'loading' : 'starting';
}

/** Mounted at /health: liveness (`/health`, `/health/live`: cheap, always 200 while the process serves) and readiness (`/health/ready`, `/health/loaded`). */
export function healthRouter(info: () => HealthInfo): express.Router {
  const router = express.Router();
  router.get(['/', '/live'], (_req, res) => {
    res.set('Cache-Control', 'no-store').json(healthBody('ok', info()));
  });
  // /ready: requests are served (reads at once while loading); /loaded: the whole population is (test suites wait for it).
  for (const [path, up] of [['/ready', (i: HealthInfo) => i.ready], ['/loaded', (i: HealthInfo) => i.loaded]] as const) {
    router.get(path, (_req, res) => {
      const i = info();
      res.set('Cache-Control', 'no-store').status(up(i) ? 200 : 503);
      if (!up(i)) res.set('Retry-After', '1');
      res.json(healthBody(readiness(i), i));
    });
  }
  return router;
}
