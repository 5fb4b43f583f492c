import type { Worker } from 'node:worker_threads';
import { startWorkerBeside } from '../../population/start-worker.js';
import type { ValidationResult } from '../../fhir-profiles/schema-validator.js';
import type { ValidationInput, ValidationJob, ValidationReply } from './validation-worker.js';

/** A validation that did not finish in time; its worker was stopped. */
export class ValidationTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`validation did not finish within ${timeoutMs} ms`);
    this.name = 'ValidationTimeout';
  }
}

interface Pending {
  job: ValidationJob;
  resolve: (results: ValidationResult[]) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  running?: Pending;
  timer?: NodeJS.Timeout;
}

export interface ValidationPoolOptions {
  /** Worker threads (each holds a compiled validator, about 60 MB). */
  size: number;
  /** Longest one job may run on a worker; then the worker is terminated and replaced. */
  timeoutMs: number;
}

/**
 * A few worker threads that run the R4 validator, so no validation (however large or pathological the resource)
 * blocks the event loop. Jobs wait in arrival order for a ready worker; a job that runs past `timeoutMs` is rejected
 * with ValidationTimeout and its worker terminated and replaced. Workers start on first use and never keep the
 * process alive. https://nodejs.org/api/worker_threads.html
 */
export class ValidationPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ValidationPoolOptions) {}

  /** Validates resources in order on a worker (stopping at the first invalid one when asked). */
  validate(resources: ValidationInput[], stopAtInvalid = false): Promise<ValidationResult[]> {
    if (this.closed) return Promise.reject(new Error('the validation pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, resources, stopAtInvalid }, resolve, reject });
      this.pump();
    });
  }

  /** Terminates every worker; queued and running jobs are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new Error('the validation pool was closed');
    for (const p of this.queue.splice(0)) p.reject(error);
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot, error)));
  }

  private pump(): void {
    while (this.queue.length && !this.closed) {
      const slot = this.slots.find((s) => s.ready && !s.running);
      if (!slot) {
        // Another worker only when every one is up and busy: workers starting together would slow each other.
        if (this.slots.length < this.options.size && this.slots.every((s) => s.ready)) this.spawn();
        return;
      }
      const pending = this.queue.shift()!;
      slot.running = pending;
      slot.timer = setTimeout(() => this.timeOut(slot), this.options.timeoutMs);
      slot.worker.postMessage(pending.job);
    }
  }

  private spawn(): void {
    const slot: Slot = { worker: startWorkerBeside(import.meta.url, 'validation-worker', undefined), ready: false };
    slot.worker.unref();
    slot.worker.on('message', (message: ValidationReply | { ready: true }) => {
      if ('ready' in message) slot.ready = true;
      else if (slot.running?.job.id === message.id) {
        const { resolve, reject } = slot.running;
        this.finish(slot);
        if ('error' in message) reject(new Error(`the validator failed: ${message.error}`));
        else resolve(message.results);
      }
      this.pump();
    });
    slot.worker.on('error', (err) => this.fail(slot, err));
    slot.worker.on('exit', (code) => this.fail(slot, new Error(`validation worker exited (code ${code})`)));
    this.slots.push(slot);
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.running = undefined;
    slot.timer = undefined;
  }

  /** A worker died: its job fails, and so do queued jobs when no worker could start at all. */
  private fail(slot: Slot, err: unknown): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const running = slot.running;
    this.finish(slot);
    running?.reject(err);
    if (!slot.ready && !this.slots.some((s) => s.ready)) for (const p of this.queue.splice(0)) p.reject(err);
    this.pump();
  }

  private timeOut(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    void this.retire(slot, new ValidationTimeout(this.options.timeoutMs));
    // The replacement starts at once: compiling the validator takes seconds, better spent before the next write.
    if (!this.closed && this.slots.length < this.options.size) this.spawn();
    this.pump();
  }

  private async retire(slot: Slot, err: unknown): Promise<void> {
    const running = slot.running;
    this.finish(slot);
    running?.reject(err);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    await slot.worker.terminate();
  }
}
