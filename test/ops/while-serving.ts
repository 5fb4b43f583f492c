import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import { watchLoop, type Blockage } from './loop-blockage.js';

/** GET /health on a connection of its own (no keep-alive socket shared with an earlier poll); its status. */
function healthStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/health`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls /health one request at a time until `until()` (and at least `atLeast` answers); the latency of each. */
async function pollHealth(url: string, until: () => boolean, atLeast: number): Promise<number[]> {
  const latencies: number[] = [];
  while (!until() || latencies.length < atLeast) {
    const started = performance.now();
    const status = await healthStatus(url);
    latencies.push(performance.now() - started);
    expect(status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return latencies;
}

/**
 * Runs `work` (in this process, the server's) while watching the event loop (loop-blockage.ts) and polling the server
 * at `url`'s /health until it is done (at least 3 answers, each of which must be 200). `latencies`: each poll's
 * elapsed time (it also counts time spent waiting for a CPU: logged, not a bound).
 */
export async function whileServing<T>(url: string, work: () => Promise<T>): Promise<{ result: T; latencies: number[]; blockage: Blockage }> {
  const watch = watchLoop();
  let settled = false;
  const pending = work();
  void pending.finally(() => (settled = true)).catch(() => undefined);
  const latencies = await pollHealth(url, () => settled, 3);
  return { result: await pending, latencies, blockage: watch.stop() };
}
