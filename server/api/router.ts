/**
 * The generation API under /api/v1 (issue #14): each route names a dataset; the request's parameters are checked
 * at once (400 with the envelope on any bad one, nothing started), then a job makes the file. Small requests
 * wait for it (generated in slices on this thread, started at once beside the job queue, so never behind a long
 * background job) and answer 200 with the envelope; large ones (record_count above
 * SYNC_RECORD_LIMIT), `async=true` or `Prefer: respond-async` answer 202 with the job, to be polled at
 * /api/v1/jobs/{id}, and run on a worker thread.
 */
import express, { type Request, type Response } from 'express';
import type { JobRegistry } from '../jobs/index.js';
import { CLAIMS } from './datasets/claims.js';
import { DIAGNOSTIC_REPORTS } from './datasets/diagnostic-reports.js';
import { ELIGIBILITY } from './datasets/eligibility.js';
import { MEMBERS } from './datasets/members.js';
import type { Dataset } from './datasets/types.js';
import { VACCINES } from './datasets/vaccines.js';
import { ApiError, sendData, sendError } from './envelope.js';
import { filesRoutes, sendJobFile } from './files-routes.js';
import { jobView, resultData } from './job-view.js';
import { parseGenerationParams, type Input } from './params.js';
import { generationRun, requestMetadata, type GenerationRequest } from './run-generation.js';
import { generationRunInWorker } from './run-in-worker.js';

/** Requests for more records than this run in the background (202) unless they are small. */
export const SYNC_RECORD_LIMIT = 1000;

export interface GenerationApiOptions {
  jobs: JobRegistry;
  version: string;
  /** Defaults of the request population: the server's seed, as-of date and history. */
  population: { seed: string; asOf: string; historyYears: number };
  maxRecords: number;
  bodyLimit: number;
}

interface Route {
  method: 'get' | 'post';
  path: string;
  dataset: Dataset;
  /** A route named after one format (members/csv, members/edi) offers only that one. */
  format?: string;
}

export const GENERATION_ROUTES: readonly Route[] = [
  { method: 'get', path: '/members/csv', dataset: MEMBERS, format: 'csv' },
  { method: 'get', path: '/members/edi', dataset: MEMBERS, format: 'edi' },
  { method: 'get', path: '/members', dataset: MEMBERS },
  { method: 'post', path: '/members', dataset: MEMBERS },
  { method: 'post', path: '/edi/claims', dataset: CLAIMS },
  { method: 'post', path: '/fhir/diagnostic-reports', dataset: DIAGNOSTIC_REPORTS },
  { method: 'post', path: '/vaccines', dataset: VACCINES },
  { method: 'post', path: '/eligibility', dataset: ELIGIBILITY },
];

const inputOf = (req: Request): Input => ({ ...(req.query as Input), ...(req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Input) : {}) });
const wantsAsync = (req: Request, input: Input, recordCount: number): boolean =>
  /respond-async/i.test(req.get('prefer') ?? '') || recordCount > SYNC_RECORD_LIMIT || ['true', '1', true].includes(input.async as string);

function startGeneration(route: Route, req: Request, o: GenerationApiOptions): { request: GenerationRequest; input: Input } {
  const input = inputOf(req);
  if (route.format && input.output_format !== undefined && String(input.output_format).toLowerCase() !== route.format) {
    throw new ApiError(400, 'invalid_parameter', `${req.path} makes ${route.format} only; use /api/v1/${route.dataset.name} for other formats`, { parameter: 'output_format' });
  }
  const ctx = { maxRecords: o.maxRecords, defaultSeed: o.population.seed, formats: route.format ? [route.format] : route.dataset.formats, countAliases: route.dataset.countAliases };
  const params = parseGenerationParams(input, ctx);
  const options = route.dataset.options(input, ctx);
  return { request: { dataset: route.dataset, params, options, base: o.population }, input };
}

/** GET /members/csv and /members/edi hand back the file itself unless the client asks for JSON. */
const wantsFile = (route: Route, req: Request): boolean => route.method === 'get' && route.format !== undefined && req.accepts([route.format === 'csv' ? 'text/csv' : 'application/edi-x12', 'application/json']) !== 'application/json';

function generationHandler(route: Route, o: GenerationApiOptions) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const { request, input } = startGeneration(route, req, o);
      const background = wantsAsync(req, input, request.params.recordCount);
      // Background jobs (the large ones) run on a worker thread; small ones in slices here, without a thread's start-up.
      const run = background ? generationRunInWorker({ ...request, dataset: request.dataset.name }) : generationRun(request);
      // A small request runs at once beside the job queue: it is bounded (SYNC_RECORD_LIMIT) and sliced, and its client waits.
      const job = o.jobs.create(`${route.dataset.name}.${request.params.outputFormat}`, run, { meta: { format: request.params.outputFormat }, immediate: !background });
      if (background) {
        res.setHeader('Location', `/api/v1/jobs/${job.id}`);
        sendData(res, o.version, await jobView(req, o.jobs, job), 202);
        return;
      }
      const done = await o.jobs.wait(job.id);
      if (done?.state !== 'completed') throw new ApiError(done?.error?.startsWith('timeout') ? 503 : 500, done?.error?.startsWith('timeout') ? 'generation_timeout' : 'generation_failed', done?.error ?? 'generation did not finish', { job_id: job.id });
      if (wantsFile(route, req) && done.outputs.length === 1 && !request.params.compress) {
        await sendJobFile(req, res, o, done.id, done.outputs[0]!.name);
        return;
      }
      const metadata = request.params.includeMetadata ? requestMetadata(request, done.counts.scanned ?? 0) : undefined;
      sendData(res, o.version, await resultData(req, o.jobs, done, request.params.outputFormat, metadata));
    } catch (error) {
      sendError(res, o.version, error);
    }
  };
}

/** Mounted at /api/v1. */
export function generationApiRouter(o: GenerationApiOptions): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: o.bodyLimit }));
  for (const route of GENERATION_ROUTES) router[route.method](route.path, generationHandler(route, o));
  router.get('/jobs', async (req, res) => sendData(res, o.version, await Promise.all(o.jobs.list().map((job) => jobView(req, o.jobs, job)))));
  router.get('/jobs/:id', async (req, res) => {
    const job = o.jobs.get(req.params.id);
    if (!job) sendError(res, o.version, new ApiError(404, 'not_found', `no job ${req.params.id}`));
    else sendData(res, o.version, await jobView(req, o.jobs, job));
  });
  router.delete('/jobs/:id', async (req, res) => {
    if (!(await o.jobs.cancel(req.params.id))) sendError(res, o.version, new ApiError(404, 'not_found', `no job ${req.params.id}`));
    else sendData(res, o.version, await jobView(req, o.jobs, o.jobs.get(req.params.id)!));
  });
  router.use(filesRoutes(o));
  router.use((req: Request, res: Response) => sendError(res, o.version, new ApiError(404, 'not_found', `no route ${req.method} ${req.baseUrl}${req.path}`)));
  router.use((error: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const e = error as { type?: string; status?: number; message?: string };
    const known = e.type === 'entity.parse.failed' ? new ApiError(400, 'invalid_json', `the body is not JSON: ${e.message ?? ''}`)
      : e.type === 'entity.too.large' ? new ApiError(413, 'body_too_large', 'the body is larger than BODY_LIMIT') : error;
    sendError(res, o.version, known);
  });
  return router;
}
