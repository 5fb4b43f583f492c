import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from '../population/config.js';
import { freezeTop } from './freeze.js';

/** meta.lastUpdated of every generated resource: the population's as-of date at midnight UTC (deterministic by config). */
export function baseLastUpdated(config: Pick<PopulationConfig, 'asOf'>): string {
  return `${config.asOf}T00:00:00Z`;
}

/**
 * A generated resource as version '1' (meta.versionId, meta.lastUpdated set in place), frozen at the top; one
 * frozen already (a population several stores are built from, as in tests) is kept when its meta is right.
 */
export function baseVersion(r: Resource, lastUpdated: string): Resource {
  if (Object.isFrozen(r)) {
    if (r.meta?.versionId === '1' && r.meta.lastUpdated === lastUpdated) return r;
    r = { ...r };
  }
  r.meta = { ...r.meta, versionId: '1', lastUpdated };
  freezeTop(r);
  return r;
}
