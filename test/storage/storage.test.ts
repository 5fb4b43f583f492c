import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createStore } from '../../data-store/index.js';
import { createApp } from '../../server/app.js';
import { createJobRegistry } from '../../server/jobs/index.js';
import { createLocalStorage, createMemoryStorage, createStorage, type FileStorage } from '../../server/storage/index.js';
import { createS3Storage } from '../../server/storage/s3-storage.js';

// A real S3-compatible server (s3rver, from npm: Debian bookworm packages none), driven through the AWS SDK v3.
let s3rver: S3rver;
let dir: string;
let s3Endpoint: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cdg-storage-'));
  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 's3'), configureBuckets: [{ name: 'cdg-files', configs: [] }] });
  const { port } = (await s3rver.run()) as { port: number };
  s3Endpoint = `http://127.0.0.1:${port}`;
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
});
afterAll(async () => {
  await s3rver?.close();
  await rm(dir, { recursive: true, force: true });
});

const backends: Record<string, () => FileStorage> = {
  memory: () => createMemoryStorage(),
  local: () => createLocalStorage(join(dir, 'local')),
  s3: () => createS3Storage({ bucket: 'cdg-files', endpoint: s3Endpoint, region: 'us-east-1', prefix: 'test/' }),
  // What STORAGE_TYPE=s3 gives: the same backend, loaded (with the AWS SDK) on first use.
  's3 from settings': () => createStorage({ storageType: 's3', storageDir: '', dataDir: dir, s3BucketName: 'cdg-files', s3Endpoint, s3Region: 'us-east-1' }),
};

describe.each(Object.keys(backends))('%s storage', (kind) => {
  it('puts buffers and streams, reads them back, lists and deletes them', async () => {
    const storage = backends[kind]!();
    expect(storage.kind).toBe(kind.split(' ')[0]);
    const a = await storage.put('jobs/1/members.csv', 'id,name\n1,Ann\n', 'text/csv');
    expect(a).toMatchObject({ key: 'jobs/1/members.csv', contentType: 'text/csv', bytes: 14 });
    await storage.put('jobs/1/claims.ndjson', Readable.from([Buffer.from('{"a":1}\n'), Buffer.from('{"a":2}\n')]), 'application/x-ndjson');
    const got = await storage.get('jobs/1/claims.ndjson');
    expect(got?.file.contentType).toBe('application/x-ndjson');
    expect(await text(got!.body)).toBe('{"a":1}\n{"a":2}\n');
    expect((await storage.list('jobs/1/')).map((f) => f.key)).toEqual(['jobs/1/claims.ndjson', 'jobs/1/members.csv']);
    await storage.delete('jobs/1/members.csv');
    expect(await storage.get('jobs/1/members.csv')).toBeUndefined();
    expect((await storage.list('jobs/1/')).map((f) => f.key)).toEqual(['jobs/1/claims.ndjson']);
  });

  it('refuses keys that climb out of the storage root', async () => {
    await expect(backends[kind]!().put('../escape', 'x', 'text/plain')).rejects.toThrow(/invalid storage key/);
  });
});

describe('s3 presigned URL', () => {
  it('downloads the object with a plain GET and no credentials', async () => {
    const storage = backends.s3!();
    await storage.put('jobs/2/members.csv', 'id\n7\n', 'text/csv');
    const url = await storage.url('jobs/2/members.csv', 60);
    expect(url).toMatch(/X-Amz-Signature=/);
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('id\n7\n');
    const tampered = await fetch(url!.replace('jobs/2', 'jobs/3'));
    expect(tampered.status).toBeGreaterThanOrEqual(400);
  });

  it('the generation API hands out presigned URLs when files go to S3', async () => {
    const store = await createStore({ base: () => [], baseLastUpdated: '2026-01-01T00:00:00Z' });
    const jobs = createJobRegistry({ storage: backends.s3!(), timeoutMs: 30_000, retentionMs: 3_600_000, sweepEveryMs: 0 });
    const config = { seed: 's3', patients: 1, asOf: '2026-01-01', historyYears: 1, includeAddress: true };
    const app = createApp({ store, population: { config, generationSeconds: 0 }, version: 'test', jobs });
    const res = await request(app).get('/api/v1/members/csv?members_num=2').set('Accept', 'application/json').expect(200);
    const url = res.body.data.download_url as string;
    expect(url.startsWith(s3Endpoint)).toBe(true);
    const csv = await (await fetch(url)).text();
    expect(csv.trim().split('\r\n')).toHaveLength(3);
    jobs.close();
  });

  it('local and memory storage leave the URL to the app', async () => {
    expect(await backends.memory!().url('jobs/1/x.csv')).toBeUndefined();
  });
});
