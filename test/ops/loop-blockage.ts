import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

/** Where the main thread's CPU time is read: Linux's per-thread scheduler statistics (ns on the CPU, first field). */
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

function mainThreadCpuMs(): number | undefined {
  try {
    return Number(readFileSync(SCHEDSTAT, 'latin1').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

export interface Blockage {
  /** The longest the event loop was held between two ticks, in ms (CPU time of the main thread where available). */
  maxMs: number;
  ticks: number;
  /** `cpu`: main-thread CPU time (Linux); `wall`: elapsed time, which also counts time the thread waited for a CPU. */
  clock: 'cpu' | 'wall';
  /** The longest garbage-collection pause seen meanwhile (elapsed ms): reported, so a long hold can be told apart. */
  gcMaxMs: number;
}

/**
 * Measures how long this process's event loop is held, from a timer that ticks every `everyMs`: the most work done
 * between two ticks is the longest step that kept every other callback (a /health request too) waiting.
 *
 * Measured as CPU time of the main thread, not elapsed time, so it is about the server and not about the machine: on
 * a shared 2-core machine the thread may wait for a CPU for hundreds of ms between two short steps (a wall-clock
 * measure then blames the server), but a step that really holds the loop for 300 ms uses 300 ms of this thread's CPU
 * however busy the machine is. Worker threads (validation) and GC helper threads are other threads and not counted.
 * Elsewhere than Linux it falls back to elapsed time.
 */
export function watchLoop(everyMs = 5): { stop: () => Blockage } {
  const clock = mainThreadCpuMs() === undefined ? 'wall' : 'cpu';
  const now = clock === 'cpu' ? () => mainThreadCpuMs()! : () => performance.now();
  let last = now();
  let maxMs = 0;
  let ticks = 0;
  let gcMaxMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const timer = setInterval(() => {
    const t = now();
    maxMs = Math.max(maxMs, t - last);
    last = t;
    ticks++;
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      gc.disconnect();
      const t = now();
      return { maxMs: Math.max(maxMs, t - last), ticks, clock, gcMaxMs };
    },
  };
}
