/**
 * Where generated files live: one small interface over a local directory, process memory or an S3 bucket
 * (STORAGE_TYPE=local|memory|s3). The job registry (server/jobs/) and the routes that serve files code against it.
 *
 * ```ts
 * interface FileStorage {
 *   kind: 'local' | 'memory' | 's3';
 *   put(key, body: Buffer | string | Readable | AsyncIterable<Uint8Array>, contentType): Promise<StoredFile>;
 *   get(key): Promise<{ file: StoredFile; body: Readable } | undefined>;   // undefined: no such key
 *   url(key, expiresSeconds?): Promise<string | undefined>; // a presigned URL (s3); undefined: serve it through the app
 *   delete(key): Promise<void>;                               // no error when absent
 *   list(prefix?): Promise<StoredFile[]>;                     // sorted by key
 * }
 * StoredFile = { key, contentType, bytes, modified: Date }
 * ```
 * Keys are relative paths of `[A-Za-z0-9._-]` segments joined by `/` (checked by `assertKey`), e.g. `jobs/<id>/members.csv`.
 */
import type { Readable } from 'node:stream';

export interface StoredFile {
  key: string;
  contentType: string;
  bytes: number;
  modified: Date;
}

export type StorageBody = Buffer | string | Readable | AsyncIterable<Uint8Array>;

export interface FileStorage {
  readonly kind: 'local' | 'memory' | 's3';
  put(key: string, body: StorageBody, contentType: string): Promise<StoredFile>;
  get(key: string): Promise<{ file: StoredFile; body: Readable } | undefined>;
  url(key: string, expiresSeconds?: number): Promise<string | undefined>;
  delete(key: string): Promise<void>;
  list(prefix?: string): Promise<StoredFile[]>;
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Refuses keys that could leave the storage root or collide with metadata (no `..`, no absolute paths). */
export function assertKey(key: string): void {
  const segments = key.split('/');
  if (key.length === 0 || key.length > 512 || !segments.every((s) => SEGMENT.test(s) && !s.endsWith('.meta.json'))) {
    throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  }
}

/** The body as chunks of bytes, whatever form it was given in. */
export async function* bodyChunks(body: StorageBody): AsyncIterable<Buffer> {
  if (typeof body === 'string') yield Buffer.from(body);
  else if (Buffer.isBuffer(body)) yield body;
  else for await (const chunk of body) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
}
