import { CLAIMS } from './claims.js';
import { DIAGNOSTIC_REPORTS } from './diagnostic-reports.js';
import { ELIGIBILITY } from './eligibility.js';
import { MEMBERS } from './members.js';
import type { Dataset } from './types.js';
import { VACCINES } from './vaccines.js';

/** Every dataset of the generation API, by name. */
export const DATASETS: ReadonlyMap<string, Dataset> = new Map(
  [MEMBERS, CLAIMS, DIAGNOSTIC_REPORTS, VACCINES, ELIGIBILITY].map((d) => [d.name, d as Dataset]),
);
