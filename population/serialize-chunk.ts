import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from './config.js';
import { patientRecordsInRange } from './generate-patient.js';
import type { Directory } from './model.js';

/**
 * How a chunk travels back from a worker:
 * - `array`: one JSON array, rebuilt into objects with a single JSON.parse (for the in-memory store);
 * - `ndjson`: NDJSON text grouped by resource type, written to files without being parsed again (for export).
 */
export type ChunkFormat = 'array' | 'ndjson';

/** A contiguous range of patient indexes [from, to). */
export interface ChunkRequest {
  chunk: number;
  from: number;
  to: number;
}

/** NDJSON lines of one resource type (newline-separated, no trailing newline) and how many there are. */
export interface TypeBlock {
  type: string;
  text: string;
  count: number;
}

export interface ChunkResult extends ChunkRequest {
  /** `array` format: `[r1,r2,...]`. */
  array?: string;
  /** `ndjson` format: blocks in order of each type's first appearance in the chunk. */
  blocks?: TypeBlock[];
}

/** Groups serialized resources by type, keeping each type's resources in generation order. */
export function toTypeBlocks(resources: Iterable<Resource>): TypeBlock[] {
  const byType = new Map<string, string[]>();
  for (const resource of resources) {
    const line = JSON.stringify(resource);
    const list = byType.get(resource.resourceType);
    if (list) list.push(line);
    else byType.set(resource.resourceType, [line]);
  }
  return [...byType].map(([type, lines]) => ({ type, text: lines.join('\n'), count: lines.length }));
}

function* patientResources(config: PopulationConfig, directory: Directory, request: ChunkRequest): Generator<Resource> {
  for (const record of patientRecordsInRange(config, directory, request.from, request.to)) yield* record.resources;
}

/** Generates and serializes patients [from, to); the same function runs on the main thread and in workers. */
export function serializePatients(config: PopulationConfig, directory: Directory, request: ChunkRequest, format: ChunkFormat): ChunkResult {
  const { chunk, from, to } = request;
  if (format === 'ndjson') return { chunk, from, to, blocks: toTypeBlocks(patientResources(config, directory, request)) };
  const lines: string[] = [];
  for (const resource of patientResources(config, directory, request)) lines.push(JSON.stringify(resource));
  return { chunk, from, to, array: `[${lines.join(',')}]` };
}
