/**
 * Worker-thread side of the population index (population-index.ts): regenerates the directory from the seed (the
 * same in every worker), then indexes the patient ranges and merges the passes it is asked for. Results travel back
 * as typed arrays moved, not copied, to the calling thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PopulationConfig } from '../../population/config.js';
import { generateDirectory } from '../../population/directory.js';
import { chunkBuffers, indexChunk } from './chunk-index.js';
import type { IndexJob, IndexReply } from './index-pool.js';
import { patientRowBuffers } from './patient-rows.js';
import { mergeChunks, tableBuffers } from './posting-merge.js';

const { config } = workerData as { config: PopulationConfig };
const directory = generateDirectory(config);
const port = parentPort;
if (!port) throw new Error('index-worker must run as a worker thread');

function run(job: IndexJob): { reply: IndexReply; transfer: ArrayBuffer[] } {
  if (job.kind === 'chunk') {
    const { parts, patients } = indexChunk(config, directory, job.pass, job.from, job.to);
    const transfer = [...chunkBuffers(parts), ...(patients ? patientRowBuffers(patients) : [])];
    return { reply: { id: job.id, parts, patients }, transfer };
  }
  const tables = mergeChunks(job.chunks, config.patients);
  return { reply: { id: job.id, tables }, transfer: tableBuffers(tables) };
}

port.on('message', (job: IndexJob | null) => {
  if (job === null) {
    port.close();
    return;
  }
  try {
    const { reply, transfer } = run(job);
    port.postMessage(reply, transfer);
  } catch (error) {
    port.postMessage({ id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies IndexReply);
  }
});
port.postMessage({ ready: true });
