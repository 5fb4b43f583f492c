import { join } from 'node:path';
import { createLocalStorage } from './local-storage.js';
import { createMemoryStorage } from './memory-storage.js';
import { lazyStorage } from './lazy-storage.js';
import type { FileStorage } from './storage.js';

export type { FileStorage, StoredFile, StorageBody } from './storage.js';
export { createLocalStorage, createMemoryStorage };
// createS3Storage is imported from './s3-storage.js' where needed: importing it here would load the AWS SDK on every start.

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
      return lazyStorage('s3', async () =>
        (await import('./s3-storage.js')).createS3Storage({ bucket: settings.s3BucketName, endpoint: settings.s3Endpoint || undefined, region: settings.s3Region }),
      );
    default:
      return createLocalStorage(settings.storageDir || join(settings.dataDir, 'files'));
  }
}
