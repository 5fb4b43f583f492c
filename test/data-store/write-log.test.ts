import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Patient } from 'fhir/r4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type HistoryEntry } from '../../data-store/index.js';
import { openOverlay, WRITE_LOG_FILE } from '../../data-store/overlay.js';
import { LEGACY_OVERLAY_FILE, MIGRATED_OVERLAY_FILE } from '../../data-store/write-log/legacy-overlay.js';
import { scanLog, WriteLogCorruptError } from '../../data-store/write-log/read-log.js';
import { encodeOps } from '../../data-store/write-log/records.js';
import { WriteLog } from '../../data-store/write-log/write-log.js';
import { fixtureResources } from './fixtures.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cdg-log-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const logPath = () => join(dataDir, WRITE_LOG_FILE);
const entry = (id: string, versionId = '1'): HistoryEntry => ({
  resourceType: 'Patient',
  id,
  versionId,
  lastUpdated: '2026-01-01T00:00:00Z',
  method: 'PUT',
  resource: { resourceType: 'Patient', id, name: [{ family: `Family ${id} ✓` }] } as Patient,
});
const ids = (writes: readonly HistoryEntry[]) => writes.map((w) => w.id);

describe('write log', () => {
  it('brings back every appended version, in order, after a restart', async () => {
    const a = await WriteLog.open(dataDir);
    await a.append([entry('a'), entry('b')]);
    await Promise.all(['c', 'd', 'e'].map((id) => a.append([entry(id)])));
    await a.close();
    const b = await WriteLog.open(dataDir);
    expect(ids(b.writes)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(b.writes[0]).toEqual(entry('a'));
    await b.append([entry('a', '2')]);
    await b.close();
    expect(ids((await scanLog(logPath())).entries)).toEqual(['a', 'b', 'c', 'd', 'e', 'a']);
  });

  it('counts every appended version as live: appends alone never start a compaction', async () => {
    const a = await WriteLog.open(dataDir, { compactAfterDeadBytes: 1024 });
    await a.append([entry('first')]);
    const file = (await stat(logPath())).ino;
    for (let i = 0; i < 60; i++) await a.append([entry(`p${i}`)]);
    expect((await stat(logPath())).size).toBeGreaterThan(8 * 1024);
    await a.close();
    // A compaction replaces the file (a new inode): nothing was dead, so none may have run.
    expect((await stat(logPath())).ino).toBe(file);
    expect(ids((await scanLog(logPath())).entries)).toHaveLength(61);
  });

  it('cuts a torn last record off on open and keeps every complete one', async () => {
    const torn = [
      Buffer.concat(await encodeOps([{ put: [entry('unacknowledged')] }])).subarray(0, 30), // a record cut short by a crash
      Buffer.from('deadbeef {"ops":[]}\n'), // a whole line whose checksum fails
      Buffer.alloc(64), // zeros: the size grew but the data never reached the disk
    ];
    expect(torn.length).toBeGreaterThan(0);
    for (const tail of torn) {
      const a = await WriteLog.open(dataDir);
      await a.append([entry(`kept-${tail.length}`)]);
      await a.close();
      const goodSize = (await stat(logPath())).size;
      const before = ids((await scanLog(logPath())).entries);
      await appendFile(logPath(), tail);
      const b = await WriteLog.open(dataDir);
      expect(ids(b.writes)).toEqual(before);
      expect((await stat(logPath())).size).toBe(goodSize); // repaired on disk, not only skipped
      await b.append([entry(`after-${tail.length}`)]);
      await b.close();
      const scan = await scanLog(logPath());
      expect(scan.validEnd).toBe(scan.size);
      expect(ids(scan.entries)).toEqual([...before, `after-${tail.length}`]);
    }
  });

  it('refuses to open a log damaged before its last record instead of dropping what follows', async () => {
    const a = await WriteLog.open(dataDir);
    for (const id of ['x', 'y', 'z']) await a.append([entry(id)]);
    await a.close();
    const bytes = await readFile(logPath());
    const second = bytes.indexOf('\n', bytes.indexOf('\n') + 1) + 1;
    bytes[second + 20] ^= 0xff; // flip a byte inside record 'y'
    await writeFile(logPath(), bytes);
    await expect(WriteLog.open(dataDir)).rejects.toBeInstanceOf(WriteLogCorruptError);
    expect(await readFile(logPath())).toEqual(bytes); // left as found
  });

  it('makes a reset durable and compacts the dropped versions away in the background', async () => {
    const a = await WriteLog.open(dataDir, { compactAfterDeadBytes: 1 });
    await a.append(Array.from({ length: 50 }, (_, i) => entry(`old${i}`)));
    const big = a.size;
    await a.clear();
    expect(a.writes).toEqual([]);
    await a.append([entry('new')]);
    // A background compaction started before the reset gives up (false) and starts again: wait for one adopted.
    let adopted = false;
    for (let tries = 0; tries < 5 && !adopted; tries++) adopted = await a.compact();
    expect(adopted).toBe(true);
    expect(a.size).toBeLessThan(big / 10);
    await a.close();
    expect(ids((await scanLog(logPath())).entries)).toEqual(['new']);
    expect((await readdir(dataDir)).sort()).toEqual([WRITE_LOG_FILE]);
  });

  it('loses no write acknowledged while a compaction runs', async () => {
    const a = await WriteLog.open(dataDir);
    await a.append(Array.from({ length: 3000 }, (_, i) => entry(`before${i}`)));
    const compaction = a.compact();
    const during = Array.from({ length: 200 }, (_, i) => a.append([entry(`during${i}`)]));
    expect(await compaction).toBe(true);
    await Promise.all(during);
    await a.append([entry('after')]);
    const expected = ids(a.writes);
    expect(expected).toHaveLength(3201);
    await a.close();
    expect(ids((await scanLog(logPath())).entries)).toEqual(expected);
    const b = await WriteLog.open(dataDir);
    expect(ids(b.writes)).toEqual(expected);
    await b.close();
  });

  it('gives up a compaction that a reset overtook, keeping the reset', async () => {
    const a = await WriteLog.open(dataDir);
    await a.append(Array.from({ length: 2000 }, (_, i) => entry(`gone${i}`)));
    const compaction = a.compact();
    const reset = a.clear();
    expect(await compaction).toBe(false);
    await reset;
    await a.close();
    expect((await scanLog(logPath())).entries).toEqual([]);
  });

  it('migrates a legacy lowdb overlay.json on first start and keeps the old file aside', async () => {
    const legacy = { format: 1, writes: [entry('legacy1'), entry('legacy2'), entry('legacy1', '2')] };
    await writeFile(join(dataDir, LEGACY_OVERLAY_FILE), JSON.stringify(legacy));
    const store = await createStore({ base: fixtureResources, dataDir, baseLastUpdated: '2026-01-01T00:00:00Z' });
    expect(store.read<Patient>('Patient', 'legacy2').name?.[0].family).toBe('Family legacy2 ✓');
    expect(store.history({ resourceType: 'Patient', id: 'legacy1' }).map((h) => h.versionId)).toEqual(['2', '1']);
    await store.close();
    expect((await readdir(dataDir)).sort()).toEqual([MIGRATED_OVERLAY_FILE, WRITE_LOG_FILE].sort());
    expect(JSON.parse(await readFile(join(dataDir, MIGRATED_OVERLAY_FILE), 'utf8'))).toEqual(legacy);
    expect((await scanLog(logPath())).entries).toEqual(legacy.writes);
  });

  it('finishes a migration that stopped between writing the log and moving overlay.json aside', async () => {
    const a = await WriteLog.open(dataDir);
    await a.append([entry('in-log')]);
    await a.close();
    await writeFile(join(dataDir, LEGACY_OVERLAY_FILE), JSON.stringify({ format: 1, writes: [entry('in-log')] }));
    const b = await WriteLog.open(dataDir);
    expect(ids(b.writes)).toEqual(['in-log']);
    await b.close();
    expect((await readdir(dataDir)).sort()).toEqual([MIGRATED_OVERLAY_FILE, WRITE_LOG_FILE].sort());
  });

  it('removes the temporary file of a compaction that a crash interrupted', async () => {
    const a = await WriteLog.open(dataDir);
    await a.append([entry('kept')]);
    await a.close();
    await writeFile(`${logPath()}.compacting`, Buffer.concat(await encodeOps([{ put: [entry('half-compacted')] }])).subarray(0, 20));
    await writeFile(`${logPath()}.creating`, 'x');
    const b = await WriteLog.open(dataDir);
    expect(ids(b.writes)).toEqual(['kept']);
    await b.close();
    expect(await readdir(dataDir)).toEqual([WRITE_LOG_FILE]);
  });

  it('writes a fresh header over a log whose only record was torn', async () => {
    await writeFile(logPath(), '1234');
    const a = await openOverlay(dataDir);
    await a.append([entry('first')]);
    await a.close();
    const scan = await scanLog(logPath());
    expect(ids(scan.entries)).toEqual(['first']);
    expect(scan.validEnd).toBe(scan.size);
  });

  it('leaves the log as it was when an append is rejected', async () => {
    const a = await WriteLog.open(dataDir);
    await a.append([entry('good')]);
    // A resource JSON.stringify cannot write fails before any byte reaches the file; a BigInt is one.
    const bad = { ...entry('bad'), resource: { resourceType: 'Patient', id: 'bad', extension: [{ url: 'x', valueInteger: 1n }] } } as unknown as HistoryEntry;
    await expect(a.append([bad])).rejects.toThrow();
    await a.append([entry('later')]);
    await a.close();
    const scan = await scanLog(logPath());
    expect(ids(scan.entries)).toEqual(['good', 'later']);
    expect(scan.validEnd).toBe(scan.size);
  });
});
