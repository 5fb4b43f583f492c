/**
 * Worker-thread side of a large generation request (see run-in-worker.ts): makes the request's files off the
 * event loop and sends them back as transferred buffers, with progress on the way.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DATASETS } from './datasets/index.js';
import type { GenerationParams } from './params.js';
import { makeFiles } from './run-generation.js';

export interface WorkerRequest {
  dataset: string;
  params: GenerationParams;
  options: unknown;
  base: { asOf: string; historyYears: number };
}

const port = parentPort;
if (!port) throw new Error('generation-worker must run as a worker thread');
const request = workerData as WorkerRequest;
const dataset = DATASETS.get(request.dataset);
const never = new AbortController().signal; // the main thread ends this worker to abort it

void (async () => {
  try {
    if (!dataset) throw new Error(`unknown dataset ${request.dataset}`);
    const files = await makeFiles({ ...request, dataset }, { signal: never, progress: (percent, counts) => port.postMessage({ progress: percent, counts }) });
    port.postMessage({ files }); // copied, not transferred: small buffers share Node's pool
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
})();
