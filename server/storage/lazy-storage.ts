import type { FileStorage } from './storage.js';

/**
 * A FileStorage whose backend is loaded on first use. The S3 backend pulls in the AWS SDK (~200 CommonJS modules,
 * a few tenths of a second), which only STORAGE_TYPE=s3 needs and not before the first file (issue 13: start time).
 */
export function lazyStorage(kind: FileStorage['kind'], load: () => Promise<FileStorage>): FileStorage {
  let backend: Promise<FileStorage> | undefined;
  const ready = () => (backend ??= load());
  return {
    kind,
    put: async (key, body, contentType) => (await ready()).put(key, body, contentType),
    get: async (key) => (await ready()).get(key),
    url: async (key, expiresSeconds) => (await ready()).url(key, expiresSeconds),
    delete: async (key) => (await ready()).delete(key),
    list: async (prefix) => (await ready()).list(prefix),
  };
}
