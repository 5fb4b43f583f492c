import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response } from 'express';
import type { JobRegistry } from '../jobs/index.js';
import { ApiError, sendData, sendError } from './envelope.js';
import { filesOf } from './job-view.js';

/**
 * GET /files lists every file kept (until RETENTION_HOURS after its job finished); GET /files/{job}/{name}
 * downloads one, gzip-encoded when the client accepts gzip (RFC 9110 §8.4) and it is not gzip already.
 */
export function filesRoutes(o: { jobs: JobRegistry; version: string }): express.Router {
  const router = express.Router();
  router.get('/files', async (req, res) => {
    const lists = await Promise.all(o.jobs.list().map((job) => filesOf(req, o.jobs, job)));
    sendData(res, o.version, lists.flat());
  });
  router.get('/files/:job/:name', (req: Request, res: Response) => sendJobFile(req, res, o, String(req.params.job), String(req.params.name)));
  return router;
}

/** Answers with a stored job file (404, or 410 once its job has expired). */
export async function sendJobFile(req: Request, res: Response, o: { jobs: JobRegistry; version: string }, jobId: string, name: string): Promise<void> {
  const job = o.jobs.get(jobId);
  const output = job?.outputs.find((f) => f.name === name);
  const stored = output ? await o.jobs.storage.get(output.key) : undefined;
  if (!stored) {
    sendError(res, o.version, new ApiError(job?.state === 'expired' ? 410 : 404, job?.state === 'expired' ? 'expired' : 'not_found', `no file ${name} in job ${jobId}`));
    return;
  }
  res.setHeader('Content-Type', stored.file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${output!.name}"`);
  res.setHeader('Vary', 'Accept-Encoding');
  const gzip = stored.file.contentType !== 'application/gzip' && req.acceptsEncodings(['gzip', 'identity']) === 'gzip';
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  else res.setHeader('Content-Length', String(stored.file.bytes));
  await pipeline(gzip ? stored.body.pipe(createGzip()) : stored.body, res).catch(() => res.destroy());
}
