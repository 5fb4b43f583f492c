import type { Worker } from 'node:worker_threads';
import type { PopulationConfig } from '../../population/config.js';
import { startWorkerBeside } from '../../population/start-worker.js';
import type { ChunkParts } from './chunk-index.js';
import type { IndexPass } from './index-plan.js';
import type { PatientRows } from './patient-rows.js';
import type { PassTables } from './posting-merge.js';

/** Index patients [from, to) for a pass, or merge a pass's chunks into its tables. */
export type IndexTask = { kind: 'chunk'; pass: IndexPass; from: number; to: number } | { kind: 'merge'; pass: IndexPass; chunks: ChunkParts[] };
export type IndexJob = IndexTask & { id: number };
export type IndexReply = { id: number; parts?: ChunkParts; patients?: PatientRows; tables?: PassTables; error?: string };

interface Queued {
  job: IndexJob;
  transfer: ArrayBuffer[];
  resolve: (reply: IndexReply) => void;
  reject: (error: Error) => void;
}

/**
 * Worker threads running index jobs from one queue (https://nodejs.org/api/worker_threads.html): a job goes to the
 * first idle worker; urgent jobs (a pass's merge) go before those waiting. A worker that fails fails every job.
 */
export class IndexPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Queued[] = [];
  private readonly running = new Map<number, Queued>();
  private readonly workers: Worker[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  /** Most jobs running at once (every worker unless limited). */
  private limit: number;

  constructor(config: PopulationConfig, threads: number) {
    this.limit = threads;
    for (let w = 0; w < threads; w++) {
      const worker = startWorkerBeside(import.meta.url, 'index-worker', { config });
      this.workers.push(worker);
      worker.on('message', (message: IndexReply | { ready: true }) => this.onMessage(worker, message));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`population index worker exited with code ${code}`)));
    }
  }

  /** Runs a job on the next idle worker; `transfer` buffers are moved to it. */
  run(task: IndexTask, transfer: ArrayBuffer[] = [], urgent = false): Promise<IndexReply> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const queued = { job: { ...task, id: this.nextId++ }, transfer, resolve, reject };
      if (urgent) this.queue.unshift(queued);
      else this.queue.push(queued);
      this.dispatch();
    });
  }

  /** Runs at most `n` jobs at once from now on (jobs already running finish). */
  limitTo(n: number): void {
    this.limit = Math.max(1, n);
  }

  /** Stops every worker; jobs not finished are rejected. */
  async close(): Promise<void> {
    this.fail(new Error('population index closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0 && this.running.size < this.limit) {
      const queued = this.queue.shift()!;
      this.running.set(queued.job.id, queued);
      this.idle.pop()!.postMessage(queued.job, queued.transfer);
    }
  }

  private onMessage(worker: Worker, message: IndexReply | { ready: true }): void {
    this.idle.push(worker);
    if (!('ready' in message)) {
      const queued = this.running.get(message.id);
      this.running.delete(message.id);
      if (message.error !== undefined) queued?.reject(new Error(message.error));
      else queued?.resolve(message);
    }
    if (!this.failure) this.dispatch();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const queued of [...this.running.values(), ...this.queue.splice(0)]) queued.reject(error);
    this.running.clear();
  }
}
