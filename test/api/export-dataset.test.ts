import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetExportError, exportDataset, type DatasetExport } from '../../server/api/export-dataset.js';

// `cdg generate --format <fmt> --dataset <name>` is exportDataset (the README runs the command itself).
const out = mkdtempSync(join(tmpdir(), 'cdg-export-dataset-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const base: DatasetExport = { dataset: 'vaccines', format: 'protobuf', records: 4, seed: 'cli', asOf: '2026-01-01', historyYears: 1, minAge: 30, maxAge: 70, includeAddress: true, gzip: false, out };

describe('exportDataset', () => {
  it('writes the same file the API makes: vaccinations as delimited protobuf', async () => {
    const [file] = await exportDataset(base);
    expect(file).toMatchObject({ name: 'vaccines.pb', count: 4 });
    const root = await protobuf.load(fileURLToPath(new URL('../../proto/cdg.proto', import.meta.url)));
    const Vaccination = root.lookupType('cdg.v1.Vaccination');
    const reader = protobuf.Reader.create(readFileSync(join(out, 'vaccines.pb')));
    const doses: number[] = [];
    while (reader.pos < reader.len) doses.push((Vaccination.toObject(Vaccination.decodeDelimited(reader)) as { doseNumber: number }).doseNumber);
    expect(doses).toHaveLength(4);
    expect(doses.every((d) => d >= 1)).toBe(true);
  });

  it('takes the API\'s member filters (cdg generate --gender/--race/--ethnicity/--conditions)', async () => {
    const [file] = await exportDataset({ ...base, dataset: 'members', format: 'json', records: 3, filters: { gender: 'female', conditions: 'diabetes' } });
    const rows = JSON.parse(readFileSync(join(out, file!.name), 'utf8')) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.gender === 'female')).toBe(true);
    await expect(exportDataset({ ...base, filters: { ethnicity: 'martian' } })).rejects.toThrow(/ethnicity_filter "martian"/);
  });

  it('refuses a format the dataset does not offer, naming the ones it does', async () => {
    await expect(exportDataset({ ...base, dataset: 'eligibility', format: 'parquet' })).rejects.toThrow(DatasetExportError);
    await expect(exportDataset({ ...base, dataset: 'patients' })).rejects.toThrow(/--dataset must be one of members/);
  });
});
