// TEMPORARY until branch h13x merges (it replaces this file): no index, so only arithmetic narrows.
import type { PopulationConfig } from '../../population/config.js';
export interface IndexStatus { name: string; ready: boolean; patientsDone: number; patients: number }
export interface PopulationIndex {
  candidates(resourceType: string, code: string, modifier: string | undefined, value: string): Int32Array | undefined;
  baseCount(resourceType: string): number | undefined;
  status(): IndexStatus[];
  whenBuilt(): Promise<void>;
  close(): Promise<void>;
}
export function startPopulationIndex(config: PopulationConfig): PopulationIndex {
  return { candidates: () => undefined, baseCount: () => undefined, status: () => [{ name: 'none', ready: true, patientsDone: config.patients, patients: config.patients }], whenBuilt: async () => undefined, close: async () => undefined };
}
