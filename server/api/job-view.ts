import type { Request } from 'express';
import type { Job, JobRegistry } from '../jobs/index.js';

/** Where the app serves a stored job file (local and memory storage; S3 files get presigned URLs instead). */
export const filePath = (jobId: string, name: string): string => `/api/v1/files/${encodeURIComponent(jobId)}/${encodeURIComponent(name)}`;

/** The URL a client downloads a job file from: presigned on S3, else this server's file route. */
export async function downloadUrl(req: Request, jobs: JobRegistry, job: Job, name: string, key: string): Promise<string> {
  const expiresSeconds = job.expiresAt ? Math.max(60, Math.floor((Date.parse(job.expiresAt) - Date.now()) / 1000)) : 3600;
  return (await jobs.storage.url(key, Math.min(expiresSeconds, 7 * 24 * 3600))) ?? `${req.protocol}://${req.get('host') ?? 'localhost'}${filePath(job.id, name)}`;
}

/** A job's files as the API lists them. */
export async function filesOf(req: Request, jobs: JobRegistry, job: Job): Promise<object[]> {
  return Promise.all(
    job.outputs.map(async (o) => ({ job_id: job.id, name: o.name, content_type: o.type, record_count: o.count, file_size_bytes: o.bytes, expires_at: job.expiresAt, download_url: await downloadUrl(req, jobs, job, o.name, o.key) })),
  );
}

/** GET /api/v1/jobs/{id}: state, percent, counts, files. */
export async function jobView(req: Request, jobs: JobRegistry, job: Job): Promise<object> {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    percent: job.percent,
    counts: job.counts,
    created_at: job.createdAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
    expires_at: job.expiresAt,
    error: job.error,
    status_url: `${req.protocol}://${req.get('host') ?? 'localhost'}/api/v1/jobs/${job.id}`,
    files: await filesOf(req, jobs, job),
  };
}

/** The envelope data of a finished generation (issue #14): the first file, and all of them when there are more. */
export async function resultData(req: Request, jobs: JobRegistry, job: Job, format: string, metadata?: object): Promise<object> {
  const files = (await filesOf(req, jobs, job)) as Array<{ download_url: string; record_count: number; file_size_bytes: number }>;
  const first = files[0];
  return {
    id: job.id,
    download_url: first?.download_url ?? null,
    record_count: first?.record_count ?? 0,
    format,
    file_size_bytes: files.reduce((n, f) => n + f.file_size_bytes, 0),
    generated_at: job.finishedAt,
    expires_at: job.expiresAt,
    ...(files.length > 1 ? { files } : {}),
    ...(metadata ? { metadata } : {}),
  };
}
