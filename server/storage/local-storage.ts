import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, bodyChunks, type FileStorage, type StorageBody, type StoredFile } from './storage.js';

/** The content type travels beside the file (`<name>.meta.json`), since a file name alone does not say it. */
const metaPath = (path: string): string => `${path}.meta.json`;

async function describe(root: string, path: string): Promise<StoredFile | undefined> {
  try {
    const [info, meta] = await Promise.all([stat(path), readFile(metaPath(path), 'utf8')]);
    const key = relative(root, path).split(sep).join('/');
    return { key, contentType: (JSON.parse(meta) as { contentType: string }).contentType, bytes: info.size, modified: info.mtime };
  } catch {
    return undefined;
  }
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat();
}

/** STORAGE_TYPE=local: files under a directory (default DATA_DIR/files); written to a temporary name, then renamed. */
export function createLocalStorage(root: string): FileStorage {
  const pathOf = (key: string): string => {
    assertKey(key);
    return join(root, ...key.split('/'));
  };
  return {
    kind: 'local',
    async put(key: string, body: StorageBody, contentType: string) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.partial`;
      await pipeline(Readable.from(bodyChunks(body)), createWriteStream(partial));
      await writeFile(metaPath(path), JSON.stringify({ contentType }));
      await rename(partial, path);
      const file = await describe(root, path);
      if (!file) throw new Error(`stored file ${key} vanished`);
      return file;
    },
    async get(key: string) {
      const path = pathOf(key);
      const file = await describe(root, path);
      return file ? { file, body: createReadStream(path) } : undefined;
    },
    async url() {
      return undefined;
    },
    async delete(key: string) {
      const path = pathOf(key);
      await Promise.all([rm(path, { force: true }), rm(metaPath(path), { force: true })]);
    },
    async list(prefix = '') {
      const paths = (await walk(root)).filter((p) => !p.endsWith('.meta.json') && !p.endsWith('.partial'));
      const files = await Promise.all(paths.map((p) => describe(root, p)));
      return files.filter((f): f is StoredFile => f !== undefined && f.key.startsWith(prefix)).sort((a, b) => a.key.localeCompare(b.key));
    },
  };
}
