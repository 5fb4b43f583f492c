import { Worker } from 'node:worker_threads';

/**
 * Starts the worker module `name` beside the calling module (https://nodejs.org/api/worker_threads.html): the
 * compiled `name.js` under dist/, or the `name.ts` source under vitest/tsx. For .ts the worker registers tsx's ESM
 * loader itself before importing its entry: Node 20 does not apply an `--import tsx` given in a worker's execArgv
 * before loading the worker's entry module. `callerUrl` is the caller's import.meta.url.
 */
export function startWorkerBeside(callerUrl: string, name: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
