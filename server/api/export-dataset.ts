/**
 * `cdg generate --format <fmt> [--dataset <name>]`: the generation API's files, written to a directory instead of
 * a storage backend, by the same job run (run-generation.ts) the HTTP routes use.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobContext, JobOutput } from '../jobs/index.js';
import { createMemoryStorage } from '../storage/index.js';
import { DATASETS } from './datasets/index.js';
import { parseGenerationParams } from './params.js';
import { generationRun } from './run-generation.js';
import { bodyChunks } from '../storage/storage.js';

export { DATASETS };

export interface DatasetExport {
  dataset: string;
  format: string;
  records: number;
  seed: string;
  asOf: string;
  historyYears: number;
  state?: string;
  minAge: number;
  maxAge: number;
  includeAddress: boolean;
  gzip: boolean;
  out: string;
  /** The API's member filters (gender, race_filter, ethnicity_filter, conditions), as its parameters take them. */
  filters?: { gender?: string; race?: string; ethnicity?: string; conditions?: string };
}

/** A --dataset / --format / flag combination the generation API refuses. */
export class DatasetExportError extends Error {}

/** Writes the dataset's file(s) into `out`; returns them. Bad names or formats throw DatasetExportError with what is offered. */
export async function exportDataset(e: DatasetExport): Promise<JobOutput[]> {
  const dataset = DATASETS.get(e.dataset);
  if (!dataset) throw new DatasetExportError(`--dataset must be one of ${[...DATASETS.keys()].join(', ')}`);
  if (!dataset.formats.includes(e.format)) throw new DatasetExportError(`--format for ${e.dataset} must be one of bulk, ${dataset.formats.join(', ')}`);
  const input = {
    record_count: e.records, output_format: e.format, seed: e.seed, state: e.state || undefined, age_range: `${e.minAge}-${e.maxAge}`,
    include_address: e.includeAddress, compress: e.gzip ? 'gzip' : undefined,
    gender: e.filters?.gender, race_filter: e.filters?.race, ethnicity_filter: e.filters?.ethnicity, conditions: e.filters?.conditions,
  };
  const ctx = { maxRecords: 10_000_000, defaultSeed: e.seed, formats: dataset.formats };
  let params;
  try {
    params = parseGenerationParams(input, ctx);
  } catch (error) {
    throw new DatasetExportError(error instanceof Error ? error.message : String(error));
  }
  await mkdir(e.out, { recursive: true });
  const outputs: JobOutput[] = [];
  const job: JobContext = {
    jobId: 'cli',
    signal: new AbortController().signal,
    storage: createMemoryStorage(),
    progress: () => undefined,
    async addOutput(name, body, type, count) {
      const parts: Buffer[] = [];
      for await (const chunk of bodyChunks(body)) parts.push(chunk);
      const bytes = Buffer.concat(parts);
      await writeFile(join(e.out, name), bytes);
      const output = { name, key: name, type, count, bytes: bytes.length };
      outputs.push(output);
      return output;
    },
  };
  await generationRun({ dataset, params, options: dataset.options(input, ctx), base: { asOf: e.asOf, historyYears: e.historyYears } })(job);
  return outputs;
}
