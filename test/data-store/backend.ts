import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';
import type { CreateStoreOptions, HistoryEntry } from '../../data-store/index.js';
import { WRITES_TABLE } from '../../data-store/postgres/postgres-log.js';
import { opsOf } from '../../data-store/write-log/records.js';

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

/** The postgres project's cluster (superuser URL); throws, failing the test, when it could not start: never skips. */
function clusterUrl(): string {
  const { url, error } = inject('postgres') ?? {};
  if (!url) throw new Error(`no PostgreSQL for the postgres tests: ${error ?? 'run them through the postgres vitest project'}`);
  return url;
}

/** A new, empty database in the cluster. */
export async function createDatabase(): Promise<string> {
  const url = clusterUrl();
  const name = `cdg_test_${randomBytes(6).toString('hex')}`;
  await withClient(url, (c) => c.query(`CREATE DATABASE ${name}`));
  const own = new URL(url);
  own.pathname = `/${name}`;
  return own.toString();
}

/** Drops a database, cutting off whoever is connected to it (PostgreSQL 13+). */
export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await withClient(clusterUrl(), (c) => c.query(`DROP DATABASE ${name} WITH (FORCE)`));
}

/** The calling test file's own database (files run in parallel), made on first use. */
export function testDatabase(): Promise<string> {
  return (database ??= createDatabase());
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

/** The versions a database's write log holds after its last reset, read as a new server would. */
export async function loggedWrites(url: string): Promise<HistoryEntry[]> {
  const { rows } = await withClient(url, (c) => c.query<{ record: unknown }>(`SELECT record FROM ${WRITES_TABLE} ORDER BY seq`));
  let entries: HistoryEntry[] = [];
  for (const row of rows) {
    const ops = opsOf(row.record);
    if (!ops) throw new Error(`not a write-log record: ${JSON.stringify(row.record)}`);
    for (const op of ops) entries = 'reset' in op ? [] : [...entries, ...op.put];
  }
  return entries;
}
