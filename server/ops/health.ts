import express from 'express';

/** What the health endpoints report; `ready` turns true once the population is generated and the store loaded. */
export interface HealthInfo {
  version: string;
  seed: string;
  patients: number;
  asOf: string;
  ready: boolean;
}

/** Mounted at /health: liveness (`/health`, `/health/live`: cheap, always 200 while the process serves) and readiness (`/health/ready`). */
export function healthRouter(info: () => HealthInfo): express.Router {
  const router = express.Router();
  const body = (status: string) => {
    const i = info();
    return { status, version: i.version, seed: i.seed, patients: i.patients, asOf: i.asOf, ready: i.ready };
  };
  router.get(['/', '/live'], (_req, res) => {
    res.set('Cache-Control', 'no-store').json(body('ok'));
  });
  router.get('/ready', (_req, res) => {
    const ready = info().ready;
    res.set('Cache-Control', 'no-store').status(ready ? 200 : 503);
    if (!ready) res.set('Retry-After', '1');
    res.json(body(ready ? 'ready' : 'starting'));
  });
  return router;
}
