/**
 * Parallel generation over worker threads (https://nodejs.org/api/worker_threads.html).
 *
 * Output is byte-identical to `generatePopulation` for any thread count because nothing a worker does depends
 * on which worker it is: each regenerates the directory from the seed, patient i draws only from its own
 * stream (seed, i), and results are reassembled in patient-index order (directory first, then patients).
 * Chunks are handed out from a queue so a slow chunk does not idle the other threads.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from './config.js';
import { directoryResources, generateDirectory } from './directory.js';
import { serializePatients, serializeResources, type ChunkRequest, type ChunkResult } from './serialize-chunk.js';

export interface ParallelOptions {
  /** Worker threads; 1 generates on the calling thread. Default: the machine's available parallelism. */
  threads?: number;
  /** Patients per unit of work handed to a worker. */
  chunkSize?: number;
  /** Called with the number of patients finished so far (in completion order, for progress bars). */
  onProgress?: (patientsDone: number) => void;
}

/** A batch of serialized resources delivered in final order: one JSON resource per line and its type. */
export type SerializedBatch = { lines: string[]; types: string[] };

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Starts the worker module beside this file: the compiled .js under dist/, or the .ts source under vitest/tsx.
 * For .ts the worker first registers tsx's ESM loader itself (Node 20 does not apply `--import` given in a
 * worker's execArgv before loading the worker's entry module).
 */
function startWorker(config: PopulationConfig): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./generate-worker.js', import.meta.url), { workerData: { config } });
  const entry = new URL('./generate-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: { config } });
}

function chunksOf(patients: number, chunkSize: number): ChunkRequest[] {
  const chunks: ChunkRequest[] = [];
  for (let from = 0, chunk = 0; from < patients; from += chunkSize, chunk++) {
    chunks.push({ chunk, from, to: Math.min(patients, from + chunkSize) });
  }
  return chunks;
}

function toBatch(result: ChunkResult): SerializedBatch {
  return { lines: result.text.length > 0 ? result.text.split('\n') : [], types: result.types };
}

/**
 * Generates the population and hands serialized resources to `onBatch` in final order (directory, then
 * patients by index), without building resource objects on the calling thread. Used by the NDJSON export.
 */
export async function generateSerializedParallel(
  config: PopulationConfig,
  onBatch: (batch: SerializedBatch) => void,
  options: ParallelOptions = {},
): Promise<void> {
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreads()));
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? Math.min(250, Math.ceil(config.patients / (threads * 8)) || 1)));
  const directory = generateDirectory(config);
  onBatch(serializeResources(directoryResources(directory)));
  const chunks = chunksOf(config.patients, chunkSize);
  let done = 0;

  if (threads === 1 || chunks.length <= 1) {
    for (const request of chunks) {
      onBatch(toBatch(serializePatients(config, directory, request)));
      done += request.to - request.from;
      options.onProgress?.(done);
      // Yield so timers (a progress bar, a server's health check) still run during a long generation.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }

  const workers: Worker[] = [];
  const pending = new Map<number, ChunkResult>();
  let nextToEmit = 0;
  let nextToAssign = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = false;
      const fail = (error: unknown): void => {
        if (finished) return;
        finished = true;
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      const retired = new Set<Worker>();
      const assign = (worker: Worker): void => {
        const request = nextToAssign < chunks.length ? chunks[nextToAssign++] : null;
        if (request === null) retired.add(worker);
        worker.postMessage(request);
      };
      const count = Math.min(threads, chunks.length);
      for (let w = 0; w < count; w++) {
        const worker = startWorker(config);
        workers.push(worker);
        worker.on('message', (message: ChunkResult | { ready: true }) => {
          if (finished) return;
          if ('ready' in message) {
            assign(worker);
            return;
          }
          try {
            pending.set(message.chunk, message);
            done += message.to - message.from;
            options.onProgress?.(done);
            for (let ready = pending.get(nextToEmit); ready; ready = pending.get(nextToEmit)) {
              pending.delete(nextToEmit++);
              onBatch(toBatch(ready));
            }
          } catch (error) {
            fail(error);
            return;
          }
          if (nextToEmit === chunks.length) {
            finished = true;
            resolve();
            return;
          }
          assign(worker);
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
 * Generates the whole population with worker threads; identical (byte for byte once serialized) to
 * `generatePopulation(config).resources` for any thread count.
 */
export async function generatePopulationParallel(config: PopulationConfig, options: ParallelOptions = {}): Promise<Resource[]> {
  const resources: Resource[] = [];
  await generateSerializedParallel(
    config,
    (batch) => {
      for (const line of batch.lines) resources.push(JSON.parse(line) as Resource);
    },
    options,
  );
  return resources;
}
