import { randomUUID } from 'node:crypto';
import type { FileStorage } from '../storage/storage.js';
import { JobTimeoutError, isFinished, type Job, type JobContext, type JobRegistry, type JobRegistryOptions, type JobRun } from './registry.js';

interface Entry {
  job: Job;
  run: JobRun;
  controller: AbortController;
  done: Promise<void>;
  settle: () => void;
}

interface Clock {
  now: () => number;
  iso: () => string;
  retentionMs: number;
}

async function deleteOutputs(storage: FileStorage, job: Job): Promise<void> {
  await Promise.all(job.outputs.map((o) => storage.delete(o.key).catch(() => undefined)));
  job.outputs = [];
}

function finish(entry: Entry, clock: Clock, state: Job['state'], error?: string): void {
  const { job } = entry;
  if (isFinished(job)) return;
  job.state = state;
  job.finishedAt = clock.iso();
  if (state === 'completed') job.percent = 100;
  if (error) job.error = error;
  if (state !== 'cancelled') job.expiresAt = new Date(clock.now() + clock.retentionMs).toISOString();
  entry.settle();
}

function contextFor(entry: Entry, storage: FileStorage): JobContext {
  const { job, controller } = entry;
  return {
    jobId: job.id,
    signal: controller.signal,
    storage,
    progress: (percent, counts) => {
      job.percent = Math.max(0, Math.min(100, Math.floor(percent)));
      if (counts) job.counts = { ...job.counts, ...counts };
    },
    addOutput: async (name, body, contentType, count) => {
      controller.signal.throwIfAborted();
      const key = `jobs/${job.id}/${name}`;
      const file = await storage.put(key, body, contentType);
      if (controller.signal.aborted) {
        await storage.delete(key).catch(() => undefined);
        controller.signal.throwIfAborted();
      }
      const output = { name, key, type: contentType, count, bytes: file.bytes };
      job.outputs.push(output);
      return output;
    },
  };
}

/** Runs one job under its timeout; failures keep no files. */
async function execute(entry: Entry, storage: FileStorage, clock: Clock, timeoutMs: number): Promise<void> {
  const { job, controller } = entry;
  job.state = 'running';
  job.startedAt = clock.iso();
  const timer = setTimeout(() => controller.abort(new JobTimeoutError(timeoutMs / 1000)), timeoutMs);
  try {
    await entry.run(contextFor(entry, storage));
    controller.signal.throwIfAborted();
    finish(entry, clock, 'completed');
  } catch (error) {
    if ((job.state as Job['state']) === 'cancelled') return;
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
    finish(entry, clock, 'failed', reason instanceof Error ? reason.message : String(reason));
    await deleteOutputs(storage, job);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Expires finished jobs past retention (deleting their files); forgets expired/cancelled ones after another period.
 * Files under jobs/ of no job this registry knows (left by an earlier run of the server) go once past retention too.
 */
async function sweepEntries(entries: Map<string, Entry>, storage: FileStorage, clock: Clock): Promise<void> {
  const t = clock.now();
  for (const file of await storage.list('jobs/').catch(() => [])) {
    const jobId = file.key.split('/')[1] ?? '';
    if (!entries.has(jobId) && t - file.modified.getTime() >= clock.retentionMs) await storage.delete(file.key).catch(() => undefined);
  }
  for (const [id, { job }] of entries) {
    const age = t - (job.finishedAt ? Date.parse(job.finishedAt) : Infinity);
    if ((job.state === 'completed' || job.state === 'failed') && age >= clock.retentionMs) {
      job.state = 'expired';
      await deleteOutputs(storage, job);
    } else if ((job.state === 'expired' || job.state === 'cancelled') && age >= 2 * clock.retentionMs) {
      entries.delete(id);
    }
  }
}

/** Builds the job registry described in registry.ts. */
export function createJobRegistry(options: JobRegistryOptions): JobRegistry {
  const { storage } = options;
  const now = options.now ?? Date.now;
  const clock: Clock = { now, iso: () => new Date(now()).toISOString(), retentionMs: options.retentionMs };
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const entries = new Map<string, Entry>();
  const queue: Entry[] = [];
  let running = 0;
  const pump = (): void => {
    while (running < concurrency && queue.length > 0) {
      const entry = queue.shift()!;
      if (entry.job.state !== 'queued') continue;
      running++;
      void execute(entry, storage, clock, options.timeoutMs).finally(() => {
        running--;
        pump();
      });
    }
  };
  const sweep = (): Promise<void> => sweepEntries(entries, storage, clock);
  const timer = options.sweepEveryMs === 0 ? undefined : setInterval(() => void sweep(), options.sweepEveryMs ?? 60_000);
  timer?.unref();

  return {
    storage,
    create(kind, run, createOptions) {
      let settle = (): void => undefined;
      const done = new Promise<void>((resolve) => (settle = resolve));
      const job: Job = { id: randomUUID(), kind, state: 'queued', percent: 0, counts: {}, createdAt: clock.iso(), outputs: [], meta: createOptions?.meta ?? {} };
      const entry: Entry = { job, run, controller: new AbortController(), done, settle };
      entries.set(job.id, entry);
      if (createOptions?.immediate) {
        setImmediate(() => entry.job.state === 'queued' && void execute(entry, storage, clock, options.timeoutMs));
        return job;
      }
      queue.push(entry);
      setImmediate(pump);
      return job;
    },
    get: (id) => entries.get(id)?.job,
    list: () => [...entries.values()].map((e) => e.job).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    async cancel(id) {
      const entry = entries.get(id);
      if (!entry) return false;
      if (!isFinished(entry.job)) entry.controller.abort(new Error('cancelled'));
      finish(entry, clock, 'cancelled');
      if (entry.job.state !== 'expired') entry.job.state = 'cancelled';
      await deleteOutputs(storage, entry.job);
      return true;
    },
    async wait(id) {
      const entry = entries.get(id);
      if (!entry) return undefined;
      await entry.done;
      return entry.job;
    },
    sweep,
    close() {
      if (timer) clearInterval(timer);
      for (const entry of entries.values()) if (!isFinished(entry.job)) entry.controller.abort(new Error('server closing'));
    },
  };
}
