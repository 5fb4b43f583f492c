import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { exportPopulation, formatSummary } from '../../server/export/export-population.js';

const config: PopulationConfig = { seed: '11', patients: 40, asOf: '2026-01-01', historyYears: 2, includeAddress: true };
const tmp = mkdtempSync(join(tmpdir(), 'cdg-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const readAll = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('exportPopulation', () => {
  it('writes exactly the generated resources, per type in generation order, identically for 1 and 2 threads', async () => {
    // A stale file from an earlier export with another type must not survive.
    mkdirSync(join(tmp, 'one'));
    writeFileSync(join(tmp, 'one', 'Basic.ndjson'), '{"resourceType":"Basic"}\n');
    const one = await exportPopulation(config, { out: join(tmp, 'one'), threads: 1 });
    const two = await exportPopulation({ ...config }, { out: join(tmp, 'two'), threads: 2, chunkSize: 3 });
    const files = readAll(join(tmp, 'one'));
    expect(readAll(join(tmp, 'two'))).toEqual(files);
    expect(two.counts).toEqual(one.counts);

    const expected = new Map<string, string[]>();
    for (const r of generatePopulation(config).resources) {
      const list = expected.get(r.resourceType) ?? [];
      list.push(JSON.stringify(r));
      expected.set(r.resourceType, list);
    }
    expect(Object.keys(files).filter((f) => f.endsWith('.ndjson')).sort()).toEqual([...expected.keys()].map((t) => `${t}.ndjson`).sort());
    for (const [type, lines] of expected) {
      expect(files[`${type}.ndjson`]).toBe(`${lines.join('\n')}\n`);
      expect(one.counts[type]).toBe(lines.length);
    }
    expect(one.members).toBe(expected.get('Patient')?.length);
    // members.csv as the export wrote it before it streamed (all Patients collected, then rendered): byte for byte.
    expect(files['members.csv']).toBe(readFileSync(new URL('./golden/members-seed11-40.csv', import.meta.url), 'utf8'));
    expect(formatSummary(one)).toMatch(/^Wrote \d+ resources for 40 patients to .* in \d+\.\d s \(.*Patient 40.*; members\.csv 40 rows\)$/);
  });

  it('writes members.csv and the NDJSON files chunk by chunk while the population is generated', async () => {
    const out = join(tmp, 'streaming');
    const seen: Array<[number, number, number]> = [];
    const summary = await exportPopulation({ ...config, patients: 120 }, {
      out,
      threads: 1,
      chunkSize: 10,
      onProgress: (done) => {
        const rows = readFileSync(join(out, 'members.csv'), 'utf8').split('\r\n').length - 2; // header, final CRLF
        const patients = readFileSync(join(out, 'Patient.ndjson'), 'utf8').split('\n').length - 1;
        seen.push([done, rows, patients]);
      },
    });
    expect(summary.members).toBe(120);
    expect(seen.length).toBe(12);
    // When the first 10 patients are done, only they are on disk; each chunk is written before the next is made.
    for (const [done, rows, patients] of seen) expect([rows, patients]).toEqual([done, done]);
  });
});
