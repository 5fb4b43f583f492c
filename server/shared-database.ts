import { Pool } from 'pg';
import { storeUnavailable } from '../data-store/postgres/store-unavailable.js';
import type { SharedControlNumbers } from '../edi/control-numbers.js';
import { openSharedControlNumbers } from './edi/postgres-control-numbers.js';
import type { OutboundMailboxes } from './sftp/outbound-mailboxes.js';
import { openPostgresInbound, type SharedInbound } from './sftp/postgres-inbound.js';
import { openPostgresMailboxes } from './sftp/postgres-mailboxes.js';

/**
 * What servers on one PostgreSQL database share beyond the store (STORE=postgres): the X12 control numbers, so no
 * two servers issue the same ISA13, and the SFTP mailboxes, so a partner sees one /outbound and one /inbound
 * whichever server the load balancer picks, and an upload acknowledged by a server that then dies is answered by
 * another.
 */
export interface SharedDatabase {
  controlNumbers: SharedControlNumbers;
  mailboxes: OutboundMailboxes;
  inbound: SharedInbound;
  close(): Promise<void>;
}

/** Connects (two connections at most) and creates the tables when missing; StoreUnavailableError naming the database. */
export async function openSharedDatabase(databaseUrl: string, options: { clock?: () => Date } = {}): Promise<SharedDatabase> {
  const pool = new Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: 10_000, application_name: 'cdg' });
  // An idle connection the server closed: the pool drops it and the next query opens another.
  pool.on('error', () => undefined);
  try {
    const controlNumbers = await openSharedControlNumbers(pool, options);
    const mailboxes = await openPostgresMailboxes(pool);
    const inbound = await openPostgresInbound(pool);
    return { controlNumbers, mailboxes, inbound, close: () => pool.end() };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw storeUnavailable(databaseUrl, error);
  }
}
