import { Pool, type PoolClient } from 'pg';
import type { LogListener, Overlay, SharedLog } from '../overlay.js';
import type { HistoryEntry } from '../store.js';
import { parseJsonSliced } from '../sliced-json.js';
import { freezeOpsSliced, opsOf, SLICED_FROM, type LogOp } from '../write-log/records.js';
import { guardPopulation } from './population-guard.js';
import { storeUnavailable } from './store-unavailable.js';
import { inTransaction } from './transaction.js';

/** The table that is the write log: one row per commit, in commit order (seq). */
export const WRITES_TABLE = 'cdg_writes';

/**
 * The key of the transaction-level advisory lock every writer holds from catching up to COMMIT
 * (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS): 'cdg' in ASCII.
 */
const WRITE_LOCK = 0x636467;

/** Rows read per query while catching up, so a long backlog never arrives as one result. */
const PAGE = 500;

/**
 * `record` holds the payload of a write-log record (write-log/records.ts), `{ ops: LogOp[] }`, as `json`, not
 * `jsonb`: jsonb reorders object keys (shortest first), so a server reading a resource back would serve it with
 * its keys in another order than the server that wrote it. Nothing queries inside records.
 */
const SCHEMA = `CREATE TABLE IF NOT EXISTS ${WRITES_TABLE} (
  seq bigserial PRIMARY KEY,
  record json NOT NULL,
  committed_at timestamptz NOT NULL DEFAULT now()
)`;

interface Queryable {
  query: PoolClient['query'];
}

const noop = (): void => {};

/**
 * The client writes of STORE=postgres: the write log as a PostgreSQL table that several servers share.
 * Every writer takes one advisory lock inside its transaction, so seq order is commit order and a record with a
 * higher seq is never visible before a lower one: a server catches up by reading `seq > last seen`. Each server
 * keeps the log since the last reset in memory (as the file log does) and hands each record to its store once.
 * A reset is a record too; its transaction deletes the rows before it (what it dropped), so the table holds only
 * the live log. https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED
 */
export class PostgresLog implements Overlay, SharedLog {
  readonly shared: SharedLog = this;
  private entries: HistoryEntry[] = [];
  private listener?: LogListener;
  /** seq of the last record handed to the listener. */
  private seen = 0;
  /** The catch-up query on its way, and the one queued behind it (see catchUp). */
  private running?: Promise<void>;
  private queued?: Promise<void>;
  private closed = false;

  private constructor(private readonly pool: Pool) {}

  /**
   * Connects, creates the tables when missing and reads the log. An unreachable database, a refused login, a
   * malformed URL or another `population` than the database's (population-guard.ts) is a StoreUnavailableError
   * naming the database (never the password).
   */
  static async open(databaseUrl: string, population?: Record<string, unknown>): Promise<PostgresLog> {
    let pool: Pool | undefined;
    try {
      pool = new Pool({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: 10_000, application_name: 'cdg' });
      // An idle connection the server closed: the pool drops it and the next query opens another.
      pool.on('error', noop);
      await createTables(pool, (client) => (population ? guardPopulation(client, databaseUrl, population) : Promise.resolve()));
      const log = new PostgresLog(pool);
      await log.pull(pool);
      return log;
    } catch (error) {
      await pool?.end().catch(noop);
      throw storeUnavailable(databaseUrl, error);
    }
  }

  get writes(): readonly HistoryEntry[] {
    return this.entries;
  }

  follow(listener: LogListener): void {
    this.listener = listener;
  }

  /**
   * A query already on its way may have taken its snapshot before the caller's write was acknowledged elsewhere,
   * so callers that arrive meanwhile share the next query instead: at most one runs and one waits, however many
   * requests ask.
   */
  catchUp(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the PostgreSQL store is closed'));
    if (!this.running) {
      return (this.running = this.pull(this.pool).finally(() => {
        this.running = undefined;
      }));
    }
    return (this.queued ??= this.running.catch(noop).then(() => {
      this.queued = undefined;
      return this.catchUp();
    }));
  }

  appendDecided(decide: () => HistoryEntry[]): Promise<void> {
    return this.locked(() => {
      const entries = decide();
      return entries.length ? [{ put: entries }] : [];
    });
  }

  append(entries: HistoryEntry[]): Promise<void> {
    return this.appendDecided(() => entries);
  }

  clear(): Promise<void> {
    return this.locked(() => [{ reset: true }]);
  }

  /**
   * One write transaction: lock, catch up, decide, insert, commit, then hand the record on. When COMMIT fails
   * because the connection broke, the outcome is unknown to us: the write is refused, and if the server did commit
   * it, every server (this one included) reads it back at its next catch-up.
   */
  private async locked(decide: () => LogOp[]): Promise<void> {
    if (this.closed) throw new Error('the PostgreSQL store is closed');
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [WRITE_LOCK]);
      await this.pull(client);
      const ops = decide();
      if (!ops.length) {
        await client.query('COMMIT');
        return;
      }
      const record = { ops };
      const inserted = await client.query<{ seq: string }>(`INSERT INTO ${WRITES_TABLE} (record) VALUES ($1) RETURNING seq`, [JSON.stringify(record)]);
      const seq = Number(inserted.rows[0].seq);
      if (ops.some((op) => 'reset' in op)) await client.query(`DELETE FROM ${WRITES_TABLE} WHERE seq < $1`, [seq]);
      await client.query('COMMIT');
      this.receive(seq, record);
    } catch (error) {
      await client.query('ROLLBACK').catch((e: unknown) => {
        broken = e instanceof Error ? e : new Error(String(e));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Reads every record after the last one seen, page by page, and hands each on. Records come as text (the driver
   * would JSON.parse each whole): a large one, written by another server, is parsed and frozen in slices, since this
   * server is serving meanwhile.
   */
  private async pull(db: Queryable): Promise<void> {
    for (;;) {
      const { rows } = await db.query<{ seq: string; record: string }>(
        `SELECT seq, record::text AS record FROM ${WRITES_TABLE} WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
        [this.seen],
      );
      for (const row of rows) {
        const seq = Number(row.seq);
        if (seq <= this.seen) continue;
        this.receive(seq, await parseRecord(row.record));
      }
      if (rows.length < PAGE) return;
    }
  }

  /**
   * Applies one record unless it was already: a catch-up and this server's own commit can both bring the same
   * record, in either order, and only the first counts.
   */
  private receive(seq: number, record: unknown): void {
    if (seq <= this.seen) return;
    const ops = opsOf(record);
    if (!ops) throw new Error(`${WRITES_TABLE} row ${seq} is not a cdg write-log record; is the table another program's?`);
    this.seen = seq;
    for (const op of ops) {
      if ('reset' in op) {
        const dropped = this.entries;
        this.entries = [];
        this.listener?.reset(dropped);
      } else {
        for (const e of op.put) this.entries.push(e);
        this.listener?.put(op.put);
      }
    }
  }

  /** Waits for a catch-up on its way (the store has drained its writes), then closes the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queued?.catch(noop);
    await this.running?.catch(noop);
    await this.pool.end();
  }
}

/** A record's text as its payload: JSON.parse, or in slices (versions frozen too) from SLICED_FROM bytes. */
async function parseRecord(text: string): Promise<unknown> {
  if (text.length < SLICED_FROM / 4) return JSON.parse(text) as unknown;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length < SLICED_FROM) return JSON.parse(text) as unknown;
  const payload = await parseJsonSliced(bytes);
  const ops = opsOf(payload);
  if (ops) await freezeOpsSliced(ops);
  return payload;
}

/** Creates the tables once, then runs `check`; the lock keeps two servers starting together from racing on CREATE TABLE. */
async function createTables(pool: Pool, check: (client: PoolClient) => Promise<void>): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [WRITE_LOCK]);
    await client.query(SCHEMA);
    await check(client);
  });
}
