import { Readable } from 'node:stream';
import { assertKey, bodyChunks, type FileStorage, type StorageBody, type StoredFile } from './storage.js';

/** STORAGE_TYPE=memory: files kept in process memory (lost on restart); for tests and throw-away servers. */
export function createMemoryStorage(): FileStorage {
  const files = new Map<string, { file: StoredFile; data: Buffer }>();
  return {
    kind: 'memory',
    async put(key: string, body: StorageBody, contentType: string) {
      assertKey(key);
      const parts: Buffer[] = [];
      for await (const chunk of bodyChunks(body)) parts.push(chunk);
      const data = Buffer.concat(parts);
      const file = { key, contentType, bytes: data.length, modified: new Date() };
      files.set(key, { file, data });
      return file;
    },
    async get(key: string) {
      const entry = files.get(key);
      return entry ? { file: entry.file, body: Readable.from([entry.data]) } : undefined;
    },
    async url() {
      return undefined;
    },
    async delete(key: string) {
      files.delete(key);
    },
    async list(prefix = '') {
      return [...files.values()].map((e) => e.file).filter((f) => f.key.startsWith(prefix)).sort((a, b) => a.key.localeCompare(b.key));
    },
  };
}
