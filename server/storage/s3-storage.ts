import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, NotFound, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { assertKey, bodyChunks, type FileStorage, type StorageBody, type StoredFile } from './storage.js';

export interface S3StorageOptions {
  bucket: string;
  /** An S3-compatible endpoint (MinIO, s3rver, Ceph); addressed path-style. Empty: AWS. */
  endpoint?: string;
  region: string;
  /** Key prefix inside the bucket, e.g. `cdg/`. */
  prefix?: string;
}

const isMissing = (error: unknown): boolean =>
  error instanceof NoSuchKey || error instanceof NotFound || (error as { name?: string })?.name === 'NotFound';

/**
 * STORAGE_TYPE=s3: files in a bucket through the AWS SDK v3; credentials come from the SDK's default chain
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, instance roles), and `url` is a presigned GET
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ShareObjectPreSignedURL.html).
 * A stream is spooled to a temporary file first, because PutObject needs the length up front.
 */
export function createS3Storage(options: S3StorageOptions, client = s3Client(options)): FileStorage {
  const prefix = options.prefix ?? '';
  const Bucket = options.bucket;
  const head = async (key: string): Promise<StoredFile | undefined> => {
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket, Key: prefix + key }));
      return { key, contentType: out.ContentType ?? 'application/octet-stream', bytes: out.ContentLength ?? 0, modified: out.LastModified ?? new Date(0) };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  };
  return {
    kind: 's3',
    async put(key: string, body: StorageBody, contentType: string) {
      assertKey(key);
      const dir = await mkdtemp(join(tmpdir(), 'cdg-s3-'));
      try {
        const spool = join(dir, 'body');
        await pipeline(Readable.from(bodyChunks(body)), createWriteStream(spool));
        const { size } = await stat(spool);
        await client.send(new PutObjectCommand({ Bucket, Key: prefix + key, Body: createReadStream(spool), ContentLength: size, ContentType: contentType }));
        return { key, contentType, bytes: size, modified: new Date() };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async get(key: string) {
      assertKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: prefix + key }));
        const file = { key, contentType: out.ContentType ?? 'application/octet-stream', bytes: out.ContentLength ?? 0, modified: out.LastModified ?? new Date(0) };
        return { file, body: out.Body as Readable };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async url(key: string, expiresSeconds = 3600) {
      assertKey(key);
      return getSignedUrl(client, new GetObjectCommand({ Bucket, Key: prefix + key }), { expiresIn: expiresSeconds });
    },
    async delete(key: string) {
      assertKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: prefix + key }));
    },
    async list(within = '') {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix + within, ContinuationToken: token }));
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(prefix.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      const files = await Promise.all(keys.map(head));
      return files.filter((f): f is StoredFile => f !== undefined).sort((a, b) => a.key.localeCompare(b.key));
    },
  };
}

/**
 * A client for the configured endpoint. S3-compatible servers are addressed path-style (bucket in the path) and
 * sent checksums only where S3 requires them: since 3.729 the SDK otherwise streams uploads aws-chunked with a
 * trailing CRC32, which servers other than AWS (s3rver, older MinIO, Ceph) store as part of the object.
 */
export function s3Client(options: S3StorageOptions): S3Client {
  const compatible = options.endpoint
    ? { endpoint: options.endpoint, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } as const
    : {};
  return new S3Client({ region: options.region, ...compatible });
}
