import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';
import type { CreateStoreOptions } from '../../data-store/index.js';
import { WRITES_TABLE } from '../../data-store/postgres/postgres-log.js';

/** The store backend this vitest project tests (vitest.config.ts): the same contract file runs against both. */
export const backend = inject('storeBackend') ?? 'embedded';

let database: Promise<string> | undefined;

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of the calling test file's own in the postgres project's cluster (files run in parallel). Throws,
 * failing the test, when the cluster could not start: PostgreSQL tests never skip.
 */
export function testDatabase(): Promise<string> {
  return (database ??= (async () => {
    const { url, error } = inject('postgres') ?? {};
    if (!url) throw new Error(`no PostgreSQL for the postgres tests: ${error ?? 'run them through the postgres vitest project'}`);
    const name = `cdg_test_${randomBytes(6).toString('hex')}`;
    await withClient(url, (c) => c.query(`CREATE DATABASE ${name}`));
    const own = new URL(url);
    own.pathname = `/${name}`;
    return own.toString();
  })());
}

/** Drops the write log a store made in the database: the next store there starts from the generated population. */
export async function emptyDatabase(url: string): Promise<void> {
  await withClient(url, (c) => c.query(`DROP TABLE IF EXISTS ${WRITES_TABLE}`));
}

/**
 * Where the client writes of a fresh store go in this project: `dataDir` (or memory without one) for the embedded
 * store, an emptied database of the file's own for postgres. Stores opened with the same options share the writes.
 */
export async function freshWrites(dataDir?: string): Promise<Pick<CreateStoreOptions, 'dataDir' | 'databaseUrl'>> {
  if (backend === 'embedded') return dataDir === undefined ? {} : { dataDir };
  const databaseUrl = await testDatabase();
  await emptyDatabase(databaseUrl);
  return { databaseUrl };
}
