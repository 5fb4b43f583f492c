// PLACEHOLDER until h13x merges: the interface the lead codes against.
import type { PopulationConfig } from '../../population/config.js';
export interface IndexStatus { name: string; ready: boolean; patientsDone: number; patients: number }
export interface PopulationIndex {
  candidates(resourceType: string, code: string, modifier: string | undefined, value: string): Int32Array | undefined;
  baseCount(resourceType: string): number | undefined;
  status(): IndexStatus[];
  whenBuilt(): Promise<void>;
  close(): Promise<void>;
}
export declare function startPopulationIndex(config: PopulationConfig, options?: { threads?: number }): PopulationIndex;
