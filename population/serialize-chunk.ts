import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from './config.js';
import { generatePatientRecord } from './generate-patient.js';
import type { Directory } from './model.js';

/** A contiguous range of patient indexes [from, to). */
export interface ChunkRequest {
  chunk: number;
  from: number;
  to: number;
}

/** Serialized resources of a chunk, in patient-index order then the record's own order. */
export interface ChunkResult {
  chunk: number;
  from: number;
  to: number;
  /** One JSON resource per line (JSON.stringify never emits a raw newline). */
  text: string;
  /** resourceType of each line. */
  types: string[];
}

/** Generates and serializes patients [from, to); the same function runs on the main thread and in workers. */
export function serializePatients(config: PopulationConfig, directory: Directory, request: ChunkRequest): ChunkResult {
  const lines: string[] = [];
  const types: string[] = [];
  for (let i = request.from; i < request.to; i++) {
    for (const resource of generatePatientRecord(config, directory, i).resources) {
      lines.push(JSON.stringify(resource));
      types.push(resource.resourceType);
    }
  }
  return { ...request, text: lines.join('\n'), types };
}

/** Serializes a list of resources into the same shape (used for the directory). */
export function serializeResources(resources: readonly Resource[]): { lines: string[]; types: string[] } {
  return { lines: resources.map((r) => JSON.stringify(r)), types: resources.map((r) => r.resourceType) };
}
