import express from 'express';
import type { Store } from '../../data-store/store.js';
import { sendData, sendError } from './envelope.js';
import { scenarioCatalog } from './scenarios-catalog.js';
import type { Scenario } from './scenarios-types.js';

export type { Scenario, ReadyRequest } from './scenarios-types.js';

export interface ScenariosDeps {
  store: Store;
  /** Our interchange id (ISA08 of the ready 270s, as the store's EDI object answers them). */
  ourId: string;
  /** The population's as-of date: coverage in force, plan years. */
  asOf: string;
  version: string;
}

/** The types the catalog reads; while none of them changes, the catalog stays true and is reused. */
const READ_TYPES = ['Patient', 'Coverage', 'Organization', 'Claim', 'ExplanationOfBenefit'];

/**
 * The scenario catalog of the store as it is now, kept only while the store's change counters of the types it
 * reads stay the same (Store.changes), so it is recomputed after any write that could change it.
 */
export function scenarioCache(store: Store, asOf: string, ourId: string): () => Promise<Scenario[]> {
  let kept: { key: string; scenarios: Promise<Scenario[]> } | undefined;
  return () => {
    const key = READ_TYPES.map((t) => store.changes(t)).join(',');
    if (kept?.key !== key) {
      const scenarios = scenarioCatalog(store, asOf, ourId);
      kept = { key, scenarios };
      scenarios.catch(() => (kept = undefined));
    }
    return kept.scenarios;
  };
}

/**
 * `GET /scenarios` (mounted under /api/v1): ready-made test subjects of the current population, each with its
 * ids, a ready-to-send request and what the answer shows; unavailable ones say why.
 */
export function scenariosRouter(deps: ScenariosDeps): express.Router {
  const catalog = scenarioCache(deps.store, deps.asOf, deps.ourId);
  const router = express.Router();
  router.get('/scenarios', async (_req, res) => {
    try {
      const scenarios = await catalog();
      sendData(res, deps.version, { as_of: deps.asOf, available: scenarios.filter((s) => s.available).length, scenarios });
    } catch (error) {
      sendError(res, deps.version, error);
    }
  });
  return router;
}
