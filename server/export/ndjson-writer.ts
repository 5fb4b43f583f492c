import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes FHIR Bulk Data NDJSON: one `<ResourceType>.ndjson` file per type, one resource per line, in the
 * order given (https://hl7.org/fhir/uv/bulkdata/export.html#file-format). Writes are synchronous so a fast
 * generator cannot outrun the disk and pile up memory. `<ResourceType>.ndjson` files already in the directory
 * are removed first, so it never mixes two exports (other files are left alone).
 */
export interface NdjsonWriter {
  /** Appends `count` resources of `type`, given as NDJSON lines separated by `\n` (no trailing newline). */
  write(type: string, text: string, count: number): void;
  /** Closes every file; returns the resource count per type. */
  close(): Record<string, number>;
  /** Resource counts per type so far. */
  readonly counts: Readonly<Record<string, number>>;
}

const NDJSON_FILE = /^[A-Z][A-Za-z]+\.ndjson$/;

export function createNdjsonWriter(dir: string): NdjsonWriter {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (NDJSON_FILE.test(name)) rmSync(join(dir, name));
  const files = new Map<string, number>();
  const counts: Record<string, number> = {};
  const fdFor = (type: string): number => {
    let fd = files.get(type);
    if (fd === undefined) {
      if (!/^[A-Z][A-Za-z]+$/.test(type)) throw new Error(`not a FHIR resource type: ${type}`);
      fd = openSync(join(dir, `${type}.ndjson`), 'w');
      files.set(type, fd);
    }
    return fd;
  };
  return {
    counts,
    write(type, text, count) {
      if (count === 0) return;
      writeSync(fdFor(type), `${text}\n`);
      counts[type] = (counts[type] ?? 0) + count;
    },
    close() {
      for (const fd of files.values()) closeSync(fd);
      files.clear();
      return { ...counts };
    },
  };
}
