import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { checkHeapBudget, populationHeapMib } from '../../server/ops/heap-budget.js';
import { SettingsError } from '../../server/ops/settings.js';
import { startServer } from '../../server/start.js';

describe('a population larger than the heap is refused at start, not served and then lost', () => {
  it('startServer refuses to keep a million patients in this process before it listens or generates', async () => {
    const limitMib = getHeapStatistics().heap_size_limit / 2 ** 20;
    expect(populationHeapMib(1_000_000)).toBeGreaterThan(limitMib);
    const started = startServer({ patients: 1_000_000, populationMode: 'kept', port: 0, host: '127.0.0.1', sftpEnabled: false, logLevel: 'silent' });
    await expect(started).rejects.toBeInstanceOf(SettingsError);
    await expect(started).rejects.toThrow(/PATIENTS \(--patients\) = 1000000: the population needs about \d+\.\d GiB of heap .* at most about \d+ patients fit/);
  });

  it('POPULATION_MODE=auto serves a million patients regenerated instead', async () => {
    const running = await startServer({ patients: 1_000_000, port: 0, host: '127.0.0.1', sftpEnabled: false, logLevel: 'silent' });
    try {
      const res = await fetch(`${running.url}/fhir/Patient/pt-999999`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { id: string }).id).toBe('pt-999999');
    } finally {
      await running.close();
    }
  }, 60_000);

  it('lets through what fits, up to the limit', () => {
    const gib = 2 ** 30;
    expect(() => checkHeapBudget(300, 4 * gib)).not.toThrow();
    // 4 GiB less the server's own 256 MiB holds about 23,130 patients at 170 KiB each.
    expect(() => checkHeapBudget(23_000, 4 * gib)).not.toThrow();
    expect(() => checkHeapBudget(23_500, 4 * gib)).toThrow(SettingsError);
  });
});
