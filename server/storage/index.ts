import { join } from 'node:path';
import { createLocalStorage } from './local-storage.js';
import { createMemoryStorage } from './memory-storage.js';
import { createS3Storage } from './s3-storage.js';
import type { FileStorage } from './storage.js';

export type { FileStorage, StoredFile, StorageBody } from './storage.js';
export { createLocalStorage, createMemoryStorage, createS3Storage };

export interface StorageSettings {
  storageType: string;
  storageDir: string;
  dataDir: string;
  s3BucketName: string;
  s3Endpoint: string;
  s3Region: string;
}

/** The backend STORAGE_TYPE names: local (STORAGE_DIR, default DATA_DIR/files), memory, or s3 (S3_BUCKET_NAME ...). */
export function createStorage(settings: StorageSettings): FileStorage {
  switch (settings.storageType) {
    case 'memory':
      return createMemoryStorage();
    case 's3':
      return createS3Storage({ bucket: settings.s3BucketName, endpoint: settings.s3Endpoint || undefined, region: settings.s3Region });
    default:
      return createLocalStorage(settings.storageDir || join(settings.dataDir, 'files'));
  }
}
