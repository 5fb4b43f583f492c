/**
 * Long generation work as jobs: queued, run a few at a time, with progress, a timeout, cancellation, and output
 * files kept in a FileStorage for a retention period. Used by /api/v1 generation and the FHIR Bulk Data $export.
 *
 * ```ts
 * const jobs = createJobRegistry({ storage, timeoutMs, retentionMs, concurrency? });
 * const job = jobs.create('members.csv', async ({ signal, progress, storage, addOutput, jobId }) => {
 *   progress(50, { members: 10 });                       // percent 0-100 and any counts
 *   await addOutput('members.csv', body, 'text/csv', 10); // stores jobs/<id>/members.csv, records it on the job
 * }, { meta: { request: '...' } });
 * jobs.get(id); jobs.list(); await jobs.cancel(id); await jobs.wait(id); await jobs.sweep(); jobs.close();
 * ```
 * A run function must honour `signal` (check `signal.aborted` / `signal.throwIfAborted()` between slices): it is
 * aborted by cancel, by the timeout (state failed, error 'timeout') and by close. States:
 * queued → running → completed | failed | cancelled; completed/failed jobs become `expired` (files deleted) once
 * `retentionMs` has passed since they finished; expired and cancelled records are forgotten after another period.
 */
import type { FileStorage, StorageBody } from '../storage/storage.js';

export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'expired';

export interface JobOutput {
  /** File name within the job (`members.csv`). */
  name: string;
  /** Storage key (`jobs/<id>/members.csv`). */
  key: string;
  /** Content type. */
  type: string;
  /** Records in the file. */
  count: number;
  bytes: number;
}

export interface Job {
  id: string;
  kind: string;
  state: JobState;
  percent: number;
  counts: Record<string, number>;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** When the files will be deleted (set once finished). */
  expiresAt?: string;
  error?: string;
  outputs: JobOutput[];
  /** Whatever the creator wants to keep with the job (the request, its transaction time). */
  meta: Record<string, unknown>;
}

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  storage: FileStorage;
  progress(percent: number, counts?: Record<string, number>): void;
  addOutput(name: string, body: StorageBody, contentType: string, count: number): Promise<JobOutput>;
}

export type JobRun = (context: JobContext) => Promise<void>;

export interface JobRegistryOptions {
  storage: FileStorage;
  /** GENERATION_TIMEOUT_SECONDS, in ms. */
  timeoutMs: number;
  /** RETENTION_HOURS, in ms. */
  retentionMs: number;
  /** Jobs running at once (default 1: generation is CPU work on a shared machine). */
  concurrency?: number;
  /** How often finished jobs are swept (default a minute; 0 disables the timer, call sweep()). */
  sweepEveryMs?: number;
  now?: () => number;
}

export interface JobRegistry {
  readonly storage: FileStorage;
  /**
   * Queues a job (run `concurrency` at a time). `immediate` starts it at once beside the queue instead: for small,
   * bounded work a client waits for (a synchronous /api/v1 request), which must not wait behind a long background job.
   */
  create(kind: string, run: JobRun, options?: { meta?: Record<string, unknown>; immediate?: boolean }): Job;
  get(id: string): Job | undefined;
  list(): Job[];
  /** Aborts a queued or running job and deletes its files; false when there is no such job. */
  cancel(id: string): Promise<boolean>;
  /** Resolves when the job has left queued/running. */
  wait(id: string): Promise<Job | undefined>;
  /** Expires finished jobs past retention (deleting their files) and forgets old expired/cancelled records. */
  sweep(): Promise<void>;
  close(): void;
}

export class JobTimeoutError extends Error {
  constructor(seconds: number) {
    super(`timeout: generation took longer than ${seconds} s (GENERATION_TIMEOUT_SECONDS)`);
    this.name = 'JobTimeoutError';
  }
}

const FINISHED: ReadonlySet<JobState> = new Set(['completed', 'failed', 'cancelled', 'expired']);
export const isFinished = (job: Job): boolean => FINISHED.has(job.state);
