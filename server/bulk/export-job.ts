import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../data-store/store.js';
import type { Job, JobRegistry } from '../jobs/index.js';
import type { ExportRequest } from './export-request.js';
import { writeBulkExport } from './export-writer.js';

/** The job kind of a Bulk Data export in the shared job registry. */
export const BULK_EXPORT_KIND = 'fhir-bulk-export';
/** Media type of the NDJSON files. https://hl7.org/fhir/uv/bulkdata/export.html#file-format */
export const FHIR_NDJSON = 'application/fhir+ndjson';
/** Output name of the file of OperationOutcomes the manifest lists under `error`. */
export const ERROR_FILE = 'errors-OperationOutcome.ndjson';

/** What a Bulk Data job keeps besides the registry's fields. */
export interface BulkExportMeta {
  request: string;
  transactionTime: string;
}

export function bulkMeta(job: Job): BulkExportMeta {
  return job.meta as unknown as BulkExportMeta;
}

/**
 * Queues an export as a job of the shared registry: the files are written to a private temporary directory by
 * writeBulkExport, then stored as the job's outputs (`<Type>.ndjson`, and the error file when there are warnings).
 * transactionTime is the kick-off instant.
 */
export function startBulkExport(jobs: JobRegistry, store: Store, request: ExportRequest, now = new Date()): Job {
  const transactionTime = now.toISOString();
  const meta: BulkExportMeta = { request: request.url, transactionTime };
  return jobs.create(
    BULK_EXPORT_KIND,
    async ({ signal, progress, addOutput }) => {
      const dir = mkdtempSync(join(tmpdir(), 'cdg-bulk-'));
      try {
        const { counts, problems } = await writeBulkExport(store, request, dir, {
          transactionTime,
          signal,
          onProgress: (p) => progress(p.total > 0 ? (99 * p.done) / p.total : 99, { [p.unit]: p.done, [`${p.unit}Total`]: p.total }),
        });
        for (const [type, count] of Object.entries(counts)) await addOutput(`${type}.ndjson`, createReadStream(join(dir, `${type}.ndjson`)), FHIR_NDJSON, count);
        const outcomes = [...request.ignored, ...problems];
        if (outcomes.length > 0) await addOutput(ERROR_FILE, `${outcomes.map((o) => JSON.stringify(o)).join('\n')}\n`, FHIR_NDJSON, outcomes.length);
        progress(100, counts);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { meta: meta as unknown as Record<string, unknown> },
  );
}
