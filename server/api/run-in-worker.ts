import { startWorkerBeside } from '../../population/start-worker.js';
import type { JobRun } from '../jobs/index.js';
import type { WorkerRequest } from './generation-worker.js';
import type { MadeFile } from './run-generation.js';

type Message = { progress: number; counts?: Record<string, number> } | { files: MadeFile[] } | { error: string };

/**
 * The job run of a large request: all of the work (generation, encoding, X12) on a worker thread, so the server
 * answers other requests at full speed meanwhile; cancel and timeout end the worker.
 */
export function generationRunInWorker(request: WorkerRequest): JobRun {
  return async (job) => {
    const worker = startWorkerBeside(import.meta.url, 'generation-worker', request);
    const files = await new Promise<MadeFile[]>((resolve, reject) => {
      const abort = (): void => {
        void worker.terminate();
        reject(job.signal.reason instanceof Error ? job.signal.reason : new Error('aborted'));
      };
      job.signal.addEventListener('abort', abort, { once: true });
      worker.on('message', (m: Message) => {
        if ('progress' in m) job.progress(m.progress, m.counts);
        else if ('files' in m) resolve(m.files.map((f) => ({ ...f, body: Buffer.from(f.body.buffer, f.body.byteOffset, f.body.byteLength) })));
        else reject(new Error(m.error));
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`generation worker exited with code ${code}`)));
    }).finally(() => void worker.terminate());
    for (const file of files) await job.addOutput(file.name, file.body, file.type, file.count);
    job.progress(100);
  };
}
