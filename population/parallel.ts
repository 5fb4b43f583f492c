/**
 * Parallel generation over worker threads (https://nodejs.org/api/worker_threads.html).
 *
 * Output is byte-identical to `generatePopulation` for any thread count because nothing a worker does depends
 * on which worker it is: each regenerates the directory from the seed, patient i draws only from its own
 * stream (seed, i), and results are reassembled in patient-index order (directory first, then patients).
 * Chunks are handed out from a queue so a slow chunk does not idle the other threads. A chunk travels back as
 * one string (see serialize-chunk.ts): moving one string is cheap, and one JSON.parse per chunk is the
 * cheapest way to rebuild the objects on the calling thread.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from './config.js';
import { cohortGroups, createCohortCollector } from './cohorts.js';
import { directoryResources, generateDirectory } from './directory.js';
import { patientRecordsInRange } from './generate-patient.js';
import type { Directory } from './model.js';
import { startWorkerBeside } from './start-worker.js';
import { serializePatients, toTypeBlocks, type ChunkFormat, type ChunkRequest, type ChunkResult, type TypeBlock } from './serialize-chunk.js';

export interface ParallelOptions {
  /** Worker threads; 1 generates on the calling thread. Default: the machine's available parallelism. */
  threads?: number;
  /** Patients per unit of work handed to a worker. */
  chunkSize?: number;
  /** Called with the number of patients finished so far (for progress bars). */
  onProgress?: (patientsDone: number) => void;
}

export type { TypeBlock } from './serialize-chunk.js';

/** One worker per core. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

function plan(config: PopulationConfig, options: ParallelOptions): { threads: number; chunks: ChunkRequest[] } {
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreads()));
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? Math.min(250, Math.ceil(config.patients / (threads * 8)) || 1)));
  const chunks: ChunkRequest[] = [];
  for (let from = 0, chunk = 0; from < config.patients; from += chunkSize, chunk++) {
    chunks.push({ chunk, from, to: Math.min(config.patients, from + chunkSize) });
  }
  return { threads, chunks };
}

/** Lets timers (a progress bar, a health check) run between chunks generated on the calling thread. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs the chunks on `threads` workers and hands each result to `onChunk` in chunk order. */
async function runOnWorkers(
  config: PopulationConfig,
  format: ChunkFormat,
  threads: number,
  chunks: ChunkRequest[],
  onChunk: (result: ChunkResult) => void,
  onProgress?: (patientsDone: number) => void,
): Promise<void> {
  const workers: Worker[] = [];
  const pending = new Map<number, ChunkResult>();
  let nextToEmit = 0;
  let nextToAssign = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = false;
      const retired = new Set<Worker>();
      const fail = (error: unknown): void => {
        if (finished) return;
        finished = true;
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      // Chunks finished out of order wait in `pending`; a worker more than `window` chunks ahead of the next one
      // to hand on waits too, so a slow chunk cannot make the rest of the population pile up in memory.
      const window = threads * 2;
      const waiting: Worker[] = [];
      const assign = (worker: Worker): void => {
        if (nextToAssign < chunks.length && nextToAssign - nextToEmit >= window) {
          waiting.push(worker);
          return;
        }
        const request = nextToAssign < chunks.length ? chunks[nextToAssign++] : null;
        if (request === null) retired.add(worker);
        worker.postMessage(request);
      };
      for (let w = 0; w < Math.min(threads, chunks.length); w++) {
        const worker = startWorkerBeside(import.meta.url, 'generate-worker', { config, format });
        workers.push(worker);
        worker.on('message', (message: ChunkResult | { ready: true }) => {
          if (finished) return;
          if ('ready' in message) {
            assign(worker);
            return;
          }
          // Ask for more work first, so the worker generates while this thread parses.
          assign(worker);
          try {
            pending.set(message.chunk, message);
            done += message.to - message.from;
            onProgress?.(done);
            for (let ready = pending.get(nextToEmit); ready; ready = pending.get(nextToEmit)) {
              pending.delete(nextToEmit++);
              onChunk(ready);
            }
            for (const idle of waiting.splice(0)) assign(idle);
          } catch (error) {
            fail(error);
            return;
          }
          if (nextToEmit === chunks.length) {
            finished = true;
            resolve();
          }
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (!finished && !retired.has(worker)) fail(new Error(`generation worker exited with code ${code} before finishing`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Generates the population as NDJSON blocks grouped by resource type, handed to `onBlocks` in final order
 * (directory, then patients by index, then the cohort Groups), without rebuilding objects on the calling thread. Used by the export:
 * the workers do the serialization the files need anyway.
 */
export async function generateNdjsonParallel(
  config: PopulationConfig,
  onBlocks: (blocks: TypeBlock[]) => void,
  options: ParallelOptions = {},
): Promise<void> {
  const { threads, chunks } = plan(config, options);
  const directory: Directory = generateDirectory(config);
  onBlocks(toTypeBlocks(directoryResources(directory)));
  const cohorts = createCohortCollector(directory, config.asOf);
  const emit = (result: ChunkResult): void => {
    cohorts.addBlocks(result.blocks ?? []);
    onBlocks(result.blocks ?? []);
  };
  if (threads > 1 && chunks.length > 1) {
    await runOnWorkers(config, 'ndjson', threads, chunks, emit, options.onProgress);
  } else {
    for (const request of chunks) {
      emit(serializePatients(config, directory, request, 'ndjson'));
      options.onProgress?.(request.to);
      await yieldToEventLoop();
    }
  }
  onBlocks(toTypeBlocks(cohorts.groups()));
}

/**
 * Generates the whole population as objects, on worker threads when `threads` > 1; the result serializes to
 * exactly the bytes of `generatePopulation(config).resources` for any thread count. Note (bench/RESULTS.md):
 * rebuilding objects sent by workers (JSON.parse) costs about as much as generating them, so on few cores one
 * thread is fastest for this; workers pay off for the export, which needs the serialized form anyway.
 */
export async function generatePopulationParallel(config: PopulationConfig, options: ParallelOptions = {}): Promise<Resource[]> {
  const { threads, chunks } = plan(config, options);
  const directory: Directory = generateDirectory(config);
  const resources: Resource[] = directoryResources(directory);
  if (threads > 1 && chunks.length > 1) {
    const onChunk = (result: ChunkResult): void => {
      for (const resource of JSON.parse(result.array ?? '[]') as Resource[]) resources.push(resource);
    };
    await runOnWorkers(config, 'array', threads, chunks, onChunk, options.onProgress);
  } else {
    for (const request of chunks) {
      for (const record of patientRecordsInRange(config, directory, request.from, request.to)) {
        for (const resource of record.resources) resources.push(resource);
      }
      options.onProgress?.(request.to);
      await yieldToEventLoop();
    }
  }
  resources.push(...cohortGroups(directory, config.asOf, resources));
  return resources;
}
