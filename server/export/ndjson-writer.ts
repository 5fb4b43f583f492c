import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

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

const NDJSON_FILE = /^[A-Z][A-Za-z]+\.ndjson(\.gz)?$/;
/** With gzip, text is compressed in pieces of about this size, each one gzip member (RFC 1952 section 2.2). */
const GZIP_PIECE = 4 * 1024 * 1024;

/**
 * `gzip`: write `<ResourceType>.ndjson.gz` instead, streamed: text is buffered per type up to GZIP_PIECE and
 * written as one gzip member each, so memory stays bounded and any gunzip reads the file as one stream.
 */
export function createNdjsonWriter(dir: string, options: { gzip?: boolean } = {}): NdjsonWriter {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (NDJSON_FILE.test(name)) rmSync(join(dir, name));
  const files = new Map<string, number>();
  const counts: Record<string, number> = {};
  const pending = new Map<string, string[]>();
  const sizes = new Map<string, number>();
  const fdFor = (type: string): number => {
    let fd = files.get(type);
    if (fd === undefined) {
      if (!/^[A-Z][A-Za-z]+$/.test(type)) throw new Error(`not a FHIR resource type: ${type}`);
      fd = openSync(join(dir, `${type}.ndjson${options.gzip ? '.gz' : ''}`), 'w');
      files.set(type, fd);
    }
    return fd;
  };
  return {
    counts,
    write(type, text, count) {
      if (count === 0) return;
      counts[type] = (counts[type] ?? 0) + count;
      if (!options.gzip) {
        writeSync(fdFor(type), `${text}\n`);
        return;
      }
      let buffered = pending.get(type);
      if (!buffered) pending.set(type, (buffered = []));
      buffered.push(`${text}\n`);
      const size = (sizes.get(type) ?? 0) + text.length + 1;
      sizes.set(type, size);
      if (size < GZIP_PIECE) return;
      writeSync(fdFor(type), gzipSync(buffered.join('')));
      pending.delete(type);
      sizes.delete(type);
    },
    close() {
      for (const [type, texts] of pending) writeSync(fdFor(type), gzipSync(texts.join('')));
      pending.clear();
      for (const fd of files.values()) closeSync(fd);
      files.clear();
      return { ...counts };
    },
  };
}
