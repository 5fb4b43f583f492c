import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEntry } from '../store.js';

/** The file the previous adapter (lowdb) kept every client write in, rewritten whole on each write. */
export const LEGACY_OVERLAY_FILE = 'overlay.json';
/** What the legacy file is renamed to once its writes are in the log: kept, never read again. */
export const MIGRATED_OVERLAY_FILE = 'overlay.json.migrated';

/** The client writes of a legacy `overlay.json` (`{ format: 1, writes: [...] }`), or undefined when there is none. */
export async function readLegacyOverlay(dataDir: string): Promise<HistoryEntry[] | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, LEGACY_OVERLAY_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const data = JSON.parse(text) as { writes?: unknown } | null;
  if (!data || !Array.isArray(data.writes)) throw new Error(`${join(dataDir, LEGACY_OVERLAY_FILE)}: not an overlay (no "writes" array)`);
  return data.writes as HistoryEntry[];
}

/** Moves the legacy file aside after its writes are safely in the log (idempotent). */
export async function retireLegacyOverlay(dataDir: string): Promise<void> {
  try {
    await rename(join(dataDir, LEGACY_OVERLAY_FILE), join(dataDir, MIGRATED_OVERLAY_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
