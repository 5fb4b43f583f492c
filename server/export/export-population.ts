import { join } from 'node:path';
import type { PopulationConfig } from '../../population/config.js';
import { generateNdjsonParallel } from '../../population/parallel.js';
import { createMembersCsvWriter } from './members-csv.js';
import { createNdjsonWriter } from './ndjson-writer.js';

export interface ExportOptions {
  out: string;
  threads?: number;
  /** Patients per unit of work (see ParallelOptions). */
  chunkSize?: number;
  /** Patients finished so far. */
  onProgress?: (patientsDone: number) => void;
  /** Write `<ResourceType>.ndjson.gz` (streamed gzip) instead of `.ndjson`. */
  gzip?: boolean;
}

export interface ExportSummary {
  out: string;
  patients: number;
  /** Resources written per type, types sorted by name. */
  counts: Record<string, number>;
  /** Data rows in members.csv. */
  members: number;
  seconds: number;
  files: string[];
}

/**
 * Generates the population and writes it as FHIR Bulk Data NDJSON (one `<ResourceType>.ndjson` per type;
 * https://hl7.org/fhir/uv/bulkdata/export.html#file-format) plus `members.csv` (RFC 4180, header row).
 * Line order is the generator's: directory resources, each patient's record by index, then the cohort Groups. Everything streams:
 * each chunk of patients is written to every file before the next is taken (the chunks still being generated
 * are bounded too, see parallel.ts), so memory does not grow with the population.
 */
export async function exportPopulation(config: PopulationConfig, options: ExportOptions): Promise<ExportSummary> {
  const started = performance.now();
  const writer = createNdjsonWriter(options.out, { gzip: options.gzip });
  const members = createMembersCsvWriter(join(options.out, 'members.csv'));
  try {
    // Each call brings whole patient records, in patient order; both files are written before the next comes.
    await generateNdjsonParallel(
      config,
      (blocks) => {
        for (const block of blocks) writer.write(block.type, block.text, block.count);
        members.add(blocks);
      },
      { threads: options.threads, chunkSize: options.chunkSize, onProgress: options.onProgress },
    );
  } finally {
    writer.close();
    members.close();
  }
  const counts = Object.fromEntries(Object.entries(writer.counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    out: options.out,
    patients: config.patients,
    counts,
    members: members.memberCount,
    seconds: (performance.now() - started) / 1000,
    files: [...Object.keys(counts).map((t) => `${t}.ndjson${options.gzip ? '.gz' : ''}`), 'members.csv'],
  };
}

/** The one-line summary printed at the end of `cdg generate`. */
export function formatSummary(summary: ExportSummary): string {
  const total = Object.values(summary.counts).reduce((a, b) => a + b, 0);
  const perType = Object.entries(summary.counts)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ');
  return `Wrote ${total} resources for ${summary.patients} patient${summary.patients === 1 ? '' : 's'} to ${summary.out} in ${summary.seconds.toFixed(1)} s (${perType}; members.csv ${summary.members} row${summary.members === 1 ? '' : 's'})`;
}
