import type express from 'express';
import type { OperationOutcome } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import type { Job, JobRegistry } from '../jobs/index.js';
import { FHIR_JSON } from '../fhir/content-negotiation.js';
import { baseUrlOf, type FhirNodeHandler } from '../fhir/http-adapter.js';
import type { FastHandler } from '../fast-path.js';
import { OperationOutcomeError, methodNotAllowed, normalizeError, notFoundWith, ok, serverError, statusOf } from '../fhir/outcomes.js';
import { parseQueryString } from '../fhir/request.js';
import { assertId } from '../fhir/resource-types.js';
import { BULK_EXPORT_KIND, ERROR_FILE, FHIR_NDJSON, bulkMeta, startBulkExport } from './export-job.js';
import { parseExportRequest, type ExportLevel } from './export-request.js';

export interface BulkDataDeps {
  store: Store;
  jobs: JobRegistry;
}

/** Below the FHIR base: the status URL of a job, and its files. Opaque to clients (they follow the links). */
const STATUS = '$export-poll-status';
const FILES = '$export-file';

/** Paths below the FHIR base this module answers (the FHIR fast path leaves them to express). */
const BULK_PATH = /^\/(?:\$export(?:-poll-status|-file)?|Patient\/\$export|Group\/[^/?]+\/\$export)(?:[/?]|$)/;

/** True for a URL below the FHIR base that belongs to Bulk Data (kick-off, status, files). */
export function isBulkDataPath(urlBelowBase: string): boolean {
  return BULK_PATH.test(urlBelowBase);
}

/** The FHIR fast-path handler, except that Bulk Data URLs go on to express (where mountBulkData's routes are). */
export function leaveBulkDataToExpress(handler: FhirNodeHandler): FastHandler {
  return (req, res, mountPath, pass) => (isBulkDataPath(req.url ?? '/') ? pass() : handler(req, res, mountPath));
}

function sendOutcome(res: express.Response, outcome: OperationOutcome, status = statusOf(outcome)): void {
  res.status(status).set('content-type', FHIR_JSON).send(JSON.stringify(outcome));
}

/** Runs a route body; any throw becomes an OperationOutcome with its status (https://hl7.org/fhir/uv/bulkdata/export.html#response---error-status-1). */
const guarded = (body: (req: express.Request, res: express.Response) => Promise<void> | void) => async (req: express.Request, res: express.Response) => {
  try {
    await body(req, res);
  } catch (err) {
    if (!res.headersSent) sendOutcome(res, normalizeError(err));
    else res.destroy();
  }
};

/** The job behind a status or file URL; 404 when unknown, not an export, cancelled or expired. */
function exportJob(jobs: JobRegistry, id: string): Job {
  const job = jobs.get(id);
  if (!job || job.kind !== BULK_EXPORT_KIND || job.state === 'cancelled' || job.state === 'expired') {
    throw new OperationOutcomeError(notFoundWith(`No export job ${id.slice(0, 64)} (unknown, cancelled or expired)`));
  }
  return job;
}

function progressText(job: Job): string {
  if (job.state === 'queued') return 'queued';
  const unit = job.counts.patientsTotal !== undefined ? 'patients' : 'resources';
  const total = job.counts[`${unit}Total`];
  return total === undefined ? `${job.percent}%` : `${job.percent}% (${job.counts[unit] ?? 0} of ${total} ${unit})`;
}

/** The completion manifest. https://hl7.org/fhir/uv/bulkdata/export.html#response---complete-status */
async function manifest(jobs: JobRegistry, job: Job, fhirBase: string): Promise<object> {
  const item = async (o: Job['outputs'][number]) => ({
    type: o.name === ERROR_FILE ? 'OperationOutcome' : o.name.replace(/\.ndjson$/, ''),
    url: (await jobs.storage.url(o.key)) ?? `${fhirBase}/${FILES}/${job.id}/${o.name}`,
    count: o.count,
  });
  const meta = bulkMeta(job);
  return {
    transactionTime: meta.transactionTime,
    request: meta.request,
    requiresAccessToken: false,
    output: await Promise.all(job.outputs.filter((o) => o.name !== ERROR_FILE).map(item)),
    error: await Promise.all(job.outputs.filter((o) => o.name === ERROR_FILE).map(item)),
  };
}

/** 202 while running, 200 + manifest when complete, 500 OperationOutcome when failed. */
async function pollStatus(deps: BulkDataDeps, fhirBase: string, req: express.Request, res: express.Response): Promise<void> {
  const job = exportJob(deps.jobs, String(req.params.job));
  if (job.state === 'queued' || job.state === 'running') {
    res.status(202).set({ 'x-progress': progressText(job), 'retry-after': '1' }).end();
    return;
  }
  if (job.state === 'failed') return sendOutcome(res, serverError(`The export failed: ${job.error ?? 'unknown error'}`));
  const body = await manifest(deps.jobs, job, baseUrlOf(req, fhirBase));
  if (job.expiresAt) res.set('expires', new Date(job.expiresAt).toUTCString());
  res.status(200).type('application/json').send(JSON.stringify(body));
}

async function kickOff(deps: BulkDataDeps, fhirBase: string, level: ExportLevel, req: express.Request, res: express.Response): Promise<void> {
  if (level.kind === 'group') {
    assertId(level.groupId);
    deps.store.read('Group', level.groupId); // 404 / 410 now rather than a failed job later
  }
  const q = req.originalUrl.indexOf('?');
  const query = q >= 0 ? parseQueryString(req.originalUrl.slice(q + 1)) : [];
  const request = parseExportRequest(level, query, req.get('prefer'), baseUrlOf(req, req.originalUrl));
  const job = startBulkExport(deps.jobs, deps.store, request);
  res.set('content-location', `${baseUrlOf(req, fhirBase)}/${STATUS}/${job.id}`);
  sendOutcome(res, ok(`Export ${job.id} accepted; poll the Content-Location URL for its status`), 202);
}

/**
 * FHIR Bulk Data Access export (https://hl7.org/fhir/uv/bulkdata/export.html) as express routes under the FHIR
 * base: kick-off at `$export`, `Patient/$export`, `Group/{id}/$export`; status at `$export-poll-status/{job}`
 * (GET polls, DELETE cancels); files at `$export-file/{job}/{name}`. Jobs run in the shared registry
 * (server/jobs) and their files live in its storage. Route layers (not a mounted router), so the FHIR fast
 * path stays on for everything else.
 */
export function mountBulkData(app: express.Express, fhirBase: string, deps: BulkDataDeps): void {
  const asyncOnly = guarded(() => {
    throw new OperationOutcomeError(methodNotAllowed('$export is kicked off with GET (POST kick-off is not supported)'));
  });
  app.get(`${fhirBase}/$export`, guarded((req, res) => kickOff(deps, fhirBase, { kind: 'system' }, req, res)));
  app.get(`${fhirBase}/Patient/$export`, guarded((req, res) => kickOff(deps, fhirBase, { kind: 'patient' }, req, res)));
  app.get(`${fhirBase}/Group/:id/$export`, guarded((req, res) => kickOff(deps, fhirBase, { kind: 'group', groupId: String(req.params.id) }, req, res)));
  app.all([`${fhirBase}/$export`, `${fhirBase}/Patient/$export`, `${fhirBase}/Group/:id/$export`], asyncOnly);
  app.get(`${fhirBase}/${STATUS}/:job`, guarded((req, res) => pollStatus(deps, fhirBase, req, res)));
  app.delete(
    `${fhirBase}/${STATUS}/:job`,
    guarded(async (req, res) => {
      const job = exportJob(deps.jobs, String(req.params.job));
      await deps.jobs.cancel(job.id);
      sendOutcome(res, ok(`Export ${job.id} cancelled and its files deleted`), 202);
    }),
  );
  app.get(
    `${fhirBase}/${FILES}/:job/:name`,
    guarded(async (req, res) => {
      const job = exportJob(deps.jobs, String(req.params.job));
      const output = job.state === 'completed' ? job.outputs.find((o) => o.name === req.params.name) : undefined;
      const stored = output ? await deps.jobs.storage.get(output.key) : undefined;
      if (!stored) throw new OperationOutcomeError(notFoundWith(`No file ${String(req.params.name).slice(0, 64)} in export ${job.id}`));
      res.status(200).set({ 'content-type': FHIR_NDJSON, 'content-length': String(stored.file.bytes) });
      stored.body.pipe(res);
    }),
  );
}
