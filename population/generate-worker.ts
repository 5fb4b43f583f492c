/**
 * Worker-thread side of parallel generation (see parallel.ts). It regenerates the shared directory from the
 * seed (deterministic, so every worker holds the same one), then serializes the patient chunks it is asked for.
 * Each chunk goes back as strings: far cheaper to move between threads than an object graph.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PopulationConfig } from './config.js';
import { generateDirectory } from './directory.js';
import { serializePatients, type ChunkFormat, type ChunkRequest } from './serialize-chunk.js';

const { config, format } = workerData as { config: PopulationConfig; format: ChunkFormat };
const directory = generateDirectory(config);
const port = parentPort;
if (!port) throw new Error('generate-worker must run as a worker thread');

port.on('message', (request: ChunkRequest | null) => {
  if (request === null) {
    port.close();
    return;
  }
  port.postMessage(serializePatients(config, directory, request, format));
});
port.postMessage({ ready: true });
