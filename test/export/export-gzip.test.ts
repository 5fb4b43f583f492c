import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { PopulationConfig } from '../../population/config.js';
import { exportPopulation, formatSummary } from '../../server/export/export-population.js';

const config: PopulationConfig = { seed: 'gz', patients: 30, asOf: '2026-01-01', historyYears: 2, includeAddress: true };
const tmp = mkdtempSync(join(tmpdir(), 'cdg-export-gz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('exportPopulation with gzip', () => {
  it('writes <Type>.ndjson.gz holding exactly the bytes of the plain export, and replaces a plain export', async () => {
    const plain = await exportPopulation(config, { out: join(tmp, 'plain'), threads: 1 });
    const out = join(tmp, 'gz');
    await exportPopulation(config, { out, threads: 1 }); // a plain export first: --gzip must not leave it behind
    const gz = await exportPopulation(config, { out, threads: 2, chunkSize: 4, gzip: true });
    const types = Object.keys(plain.counts);
    expect(types.length).toBeGreaterThan(5);
    expect(gz.files).toEqual([...types.map((t) => `${t}.ndjson.gz`), 'members.csv']);
    expect(readdirSync(out).sort()).toEqual([...gz.files].sort());
    for (const type of types) {
      const text = gunzipSync(readFileSync(join(out, `${type}.ndjson.gz`))).toString('utf8');
      expect(text, type).toBe(readFileSync(join(tmp, 'plain', `${type}.ndjson`), 'utf8'));
    }
    expect(readFileSync(join(out, 'members.csv'), 'utf8')).toBe(readFileSync(join(tmp, 'plain', 'members.csv'), 'utf8'));
  });

  it('says "1 patient" and "1 row" in the summary', async () => {
    const one = await exportPopulation({ ...config, patients: 1 }, { out: join(tmp, 'one'), threads: 1 });
    expect(formatSummary(one)).toMatch(/ for 1 patient to .*; members\.csv 1 row\)$/);
  });
});
