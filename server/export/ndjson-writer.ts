import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes FHIR Bulk Data NDJSON: one `<ResourceType>.ndjson` file per type, one resource per line, in the
 * order given (https://hl7.org/fhir/uv/bulkdata/export.html#file-format). Writes are synchronous so a fast
 * generator cannot outrun the disk and pile up memory.
 */
export interface NdjsonWriter {
  /** Appends serialized resources (one JSON object per line) with their types. */
  write(lines: readonly string[], types: readonly string[]): void;
  /** Closes every file; returns the resource count per type. */
  close(): Record<string, number>;
  /** Resource counts per type so far. */
  readonly counts: Readonly<Record<string, number>>;
}

export function createNdjsonWriter(dir: string): NdjsonWriter {
  mkdirSync(dir, { recursive: true });
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
    write(lines, types) {
      const byType = new Map<string, string[]>();
      lines.forEach((line, i) => {
        const type = types[i];
        const list = byType.get(type);
        if (list) list.push(line);
        else byType.set(type, [line]);
      });
      for (const [type, list] of byType) {
        writeSync(fdFor(type), `${list.join('\n')}\n`);
        counts[type] = (counts[type] ?? 0) + list.length;
      }
    },
    close() {
      for (const fd of files.values()) closeSync(fd);
      files.clear();
      return { ...counts };
    },
  };
}
