import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, Memory } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { HistoryEntry } from './store.js';

/** What lowdb holds: only client writes (every version, in order), never the generated base. */
export interface OverlayData {
  format: 1;
  writes: HistoryEntry[];
}

/** The persisted log of client writes. */
export interface Overlay {
  readonly writes: readonly HistoryEntry[];
  /** Appends versions and resolves once they are on disk; on failure nothing is appended. */
  append(entries: HistoryEntry[]): Promise<void>;
  clear(): Promise<void>;
}

export const OVERLAY_FILE = 'overlay.json';

/**
 * Opens the overlay in `dataDir` (lowdb JSON file), or an in-memory one without a directory.
 * lowdb's node adapter writes through steno, which writes a temp file (`.overlay.json.tmp`) and
 * renames it over the target, so a crash mid-write leaves the previous complete file.
 * https://github.com/typicode/lowdb
 */
export async function openOverlay(dataDir?: string): Promise<Overlay> {
  const initial: OverlayData = { format: 1, writes: [] };
  let db: Low<OverlayData>;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    db = new Low(new DataFile<OverlayData>(join(dataDir, OVERLAY_FILE), { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), initial);
  } else db = new Low(new Memory<OverlayData>(), initial);
  await db.read();
  db.data ||= initial;
  db.data.writes ||= [];
  return {
    get writes() {
      return db.data.writes;
    },
    async append(entries) {
      const before = db.data.writes.length;
      db.data.writes.push(...entries);
      try {
        await db.write();
      } catch (err) {
        db.data.writes.length = before;
        throw err;
      }
    },
    async clear() {
      db.data.writes = [];
      await db.write();
    },
  };
}
