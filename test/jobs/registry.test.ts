import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { createJobRegistry, type JobRegistry } from '../../server/jobs/index.js';
import { createMemoryStorage } from '../../server/storage/index.js';

let registry: JobRegistry | undefined;
afterEach(() => registry?.close());

function make(timeoutMs = 5000, now?: () => number): JobRegistry {
  registry = createJobRegistry({ storage: createMemoryStorage(), timeoutMs, retentionMs: 3_600_000, sweepEveryMs: 0, now });
  return registry;
}

/** A run that waits, slice by slice, until aborted or released. */
function gate(): { release: () => void; run: (signal: AbortSignal) => Promise<void> } {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    release: () => release(),
    run: (signal) => Promise.race([released, new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))]),
  };
}

describe('job registry', () => {
  it('runs a job to completion with progress, counts and stored outputs', async () => {
    const jobs = make();
    const job = jobs.create('members', async ({ progress, addOutput }) => {
      progress(40, { members: 2 });
      await addOutput('members.csv', 'id\n1\n2\n', 'text/csv', 2);
    }, { meta: { request: 'x' } });
    expect(job.state).toBe('queued');
    const done = await jobs.wait(job.id);
    expect(done).toMatchObject({ state: 'completed', percent: 100, counts: { members: 2 }, meta: { request: 'x' } });
    expect(done!.outputs).toEqual([{ name: 'members.csv', key: `jobs/${job.id}/members.csv`, type: 'text/csv', count: 2, bytes: 7 }]);
    expect(await text((await jobs.storage.get(done!.outputs[0]!.key))!.body)).toBe('id\n1\n2\n');
    expect(done!.expiresAt).toBeDefined();
  });

  it('cancels a running job and keeps none of its files', async () => {
    const jobs = make();
    const g = gate();
    const job = jobs.create('slow', async ({ signal, addOutput }) => {
      await addOutput('part.csv', 'a', 'text/csv', 1);
      await g.run(signal);
    });
    while (jobs.get(job.id)!.outputs.length === 0) await new Promise((r) => setImmediate(r));
    expect(await jobs.cancel(job.id)).toBe(true);
    expect(jobs.get(job.id)).toMatchObject({ state: 'cancelled', outputs: [] });
    expect(await jobs.storage.list()).toEqual([]);
    expect(await jobs.cancel('no-such-job')).toBe(false);
  });

  it('fails a job that outlives the timeout', async () => {
    const jobs = make(20);
    const g = gate();
    const job = jobs.create('slow', ({ signal }) => g.run(signal));
    const done = await jobs.wait(job.id);
    expect(done).toMatchObject({ state: 'failed' });
    expect(done!.error).toMatch(/timeout/);
  });

  it('runs one job at a time by default, the next when the first finishes', async () => {
    const jobs = make();
    const g = gate();
    const first = jobs.create('a', ({ signal }) => g.run(signal));
    const second = jobs.create('b', async () => undefined);
    while (jobs.get(first.id)!.state === 'queued') await new Promise((r) => setImmediate(r));
    expect(jobs.get(second.id)!.state).toBe('queued');
    g.release();
    expect((await jobs.wait(second.id))!.state).toBe('completed');
    expect(jobs.list().map((j) => j.id)).toEqual([first.id, second.id]);
  });

  it('starts an immediate job at once beside the queue, while a background job holds it', async () => {
    const jobs = make();
    const g = gate();
    const background = jobs.create('a', ({ signal }) => g.run(signal));
    const queued = jobs.create('b', async () => undefined);
    const small = jobs.create('c', async ({ progress }) => progress(50, { records: 1 }), { immediate: true });
    expect((await jobs.wait(small.id))!).toMatchObject({ state: 'completed', counts: { records: 1 } });
    expect(jobs.get(background.id)!.state).toBe('running');
    expect(jobs.get(queued.id)!.state).toBe('queued');
    g.release();
    expect((await jobs.wait(queued.id))!.state).toBe('completed');
  });

  it('expires finished jobs after the retention period and deletes their files', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const jobs = make(5000, () => t);
    const job = jobs.create('m', async ({ addOutput }) => void (await addOutput('a.csv', 'a', 'text/csv', 1)));
    await jobs.wait(job.id);
    t += 3_599_000;
    await jobs.sweep();
    expect(jobs.get(job.id)!.state).toBe('completed');
    t += 1000;
    await jobs.sweep();
    expect(jobs.get(job.id)).toMatchObject({ state: 'expired', outputs: [] });
    expect(await jobs.storage.list()).toEqual([]);
    t += 3_600_000;
    await jobs.sweep();
    expect(jobs.get(job.id)).toBeUndefined();
  });

  it('deletes files an earlier run left once they are past retention', async () => {
    const storage = createMemoryStorage();
    await storage.put('jobs/old-run/members.csv', 'x', 'text/csv');
    registry = createJobRegistry({ storage, timeoutMs: 5000, retentionMs: 3_600_000, sweepEveryMs: 0, now: () => Date.now() + 3_600_000 });
    await registry.sweep();
    expect(await storage.list()).toEqual([]);
  });
});
