import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import type SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdi } from '../../edi/edi.js';
import { openSharedControlNumbers } from '../../server/edi/postgres-control-numbers.js';
import { createGatewayDocuments, type MailboxDocuments } from '../../server/sftp/index.js';
import { INBOUND_TABLE, openPostgresInbound } from '../../server/sftp/postgres-inbound.js';
import { openPostgresMailboxes } from '../../server/sftp/postgres-mailboxes.js';
import { startServer, type RunningServer } from '../../server/start.js';
import { testDatabase } from '../data-store/backend.js';
import { fresh837P, inquiry270, someSubscriber } from '../sftp/fixture.js';
import { connect, names, startDrop } from '../sftp/harness.js';

// Two `cdg serve` on one database (STORE=postgres) behind a load balancer: /inbound is one table, so a file whose
// CLOSE was acknowledged by one server is listed on every server and answered once by whichever claims it, even when
// the server that received it dies before answering.
const ACME = { username: 'acme', password: 'acme-pw' };
let pool: Pool;
const dataDirs: string[] = [];
let a: RunningServer;
let b: RunningServer;
let onB: SftpClient;

async function serve(databaseUrl: string): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cdg-pg-inbound-'));
  dataDirs.push(dataDir);
  return startServer({
    port: 0, sftpPort: 0, host: '127.0.0.1', patients: 5, historyYears: 1, seed: 'pg-inbound', dataDir, store: 'postgres', databaseUrl,
    sftpUsers: ['acme:acme-pw'], logLevel: 'silent', adminToken: 'pg-inbound-token',
  });
}

beforeAll(async () => {
  const databaseUrl = await testDatabase();
  pool = new Pool({ connectionString: databaseUrl, max: 2 });
  a = await serve(databaseUrl);
  b = await serve(databaseUrl);
  onB = await connect(b.sftp!.port, ACME);
});
afterAll(async () => {
  await onB?.end();
  for (const server of [a, b]) await server?.close();
  await pool?.end();
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

/** Every server takes what it may and finishes: after this, nothing claimable is left unanswered. */
const bothIdle = () => Promise.all([a.sftp!.server.idle(), b.sftp!.server.idle()]);

/** Names of the account's outbound files in each answer folder, as server B serves them. */
async function outbound(): Promise<Record<'271' | '999' | '277', string[]>> {
  return { 271: await names(onB, '/outbound/271'), 999: await names(onB, '/outbound/999'), 277: await names(onB, '/outbound/277') };
}
const added = (after: string[], before: string[]) => after.filter((n) => !before.includes(n));

async function inboundRows(): Promise<Array<{ name: string; size: number; claimed_by: string | null }>> {
  const { rows } = await pool.query(`SELECT name, octet_length(content)::int AS size, claimed_by FROM ${INBOUND_TABLE} ORDER BY id`);
  return rows;
}

describe('SFTP /inbound with STORE=postgres', () => {
  it('answers a 270 and an 837 put on one server into the /outbound every server shows, once', async () => {
    const before = await outbound();
    const claimsBefore = b.store.counts().Claim ?? 0;
    const claims = await fresh837P(a.store, 'PGIN');
    const onA = await connect(a.sftp!.port, ACME);
    await onA.put(Buffer.from(inquiry270(someSubscriber(a.store), 'PGINTRACE'), 'latin1'), '/inbound/eligibility.x12');
    await onA.put(Buffer.from(claims.text, 'latin1'), '/inbound/claims.x12');
    await onA.end();
    await bothIdle();
    const after = await outbound();
    expect([added(after[271], before[271]).length, added(after[999], before[999]).length, added(after[277], before[277]).length]).toEqual([1, 1, 1]);
    expect(await inboundRows()).toEqual([]);
    await b.store.sync();
    expect(b.store.counts().Claim).toBe(claimsBefore + claims.controlNumbers.length);
  });

  it('lists a received file on every server, leaves it to a live claim, and answers it once that claim runs out', async () => {
    const before = await outbound();
    const text = inquiry270(someSubscriber(b.store), 'PGORPHAN');
    // As a server stores an upload at CLOSE and claims it, then dies: its lease has an hour to run.
    await pool.query(`INSERT INTO ${INBOUND_TABLE} (account, name, content, claimed_by, claimed_until) VALUES ('acme', 'orphan.x12', $1, 'dead-server', now() + interval '1 hour')`, [
      Buffer.from(text, 'latin1'),
    ]);
    await bothIdle();
    const listed = await onB.list('/inbound');
    expect(listed.map((f) => [f.name, f.size])).toEqual([['orphan.x12', text.length]]);
    expect((await onB.stat('/inbound/orphan.x12')).size).toBe(text.length);
    expect(added((await outbound())[271], before[271])).toEqual([]);

    await pool.query(`UPDATE ${INBOUND_TABLE} SET claimed_until = now() - interval '1 second'`);
    await bothIdle();
    const answers = added((await outbound())[271], before[271]);
    expect(answers).toHaveLength(1);
    expect(((await onB.get(`/outbound/271/${answers[0]}`)) as Buffer).toString('latin1')).toContain('TRN*2*PGORPHAN*');
    expect(await onB.list('/inbound')).toEqual([]);
    expect(await inboundRows()).toEqual([]);
  });

  it('keeps an 837 acknowledged by a server that then stops answering, and another answers it once; the first one, back late, adds nothing', async () => {
    const { answers, file } = await dieWhileProcessing('before-gateway', 'PGDEAD');
    expect(answers['277'].match(/STC\*A2:20:PR\*/g)).toHaveLength(file.controlNumbers.length);
  });

  it('answers an 837 whose claims the dead server stored as that server would have: claims kept once, accepted in one 277CA', async () => {
    const { answers, file, lost } = await dieWhileProcessing('after-gateway', 'PGLATE');
    expect(answers['277'].match(/STC\*A2:20:PR\*/g)).toHaveLength(file.controlNumbers.length);
    expect(answers['277']).not.toMatch(/STC\*A3/);
    // The payer claim numbers of the claims stored by the dead server, as its own lost 277CA gave them.
    const payerClaimNumbers = (text: string) => [...text.matchAll(/REF\*1K\*([^~*]+)/g)].map((m) => m[1]);
    expect(payerClaimNumbers(answers['277'])).toEqual(payerClaimNumbers(lost.find((d) => d.kind === '277CA')!.text));
    expect(payerClaimNumbers(answers['277'])).toHaveLength(file.controlNumbers.length);
    expect(answers['999']).toMatch(/AK9\*A\*/);
  });
});

/**
 * Server C, a drop on the same database whose gateway stalls once it has claimed an uploaded 837 (`before-gateway`)
 * or once the gateway has stored its claims and made its answers (`after-gateway`), as a server that died there: it
 * neither finishes nor renews its hold, which the test lets run out. Checks that A or B answers the file once and that
 * C, woken afterwards, adds nothing; returns the 999 and 277CA texts B serves.
 */
async function dieWhileProcessing(stall: 'before-gateway' | 'after-gateway', prefix: string) {
  const cPool = new Pool({ connectionString: await testDatabase(), max: 2 });
  const gateway = createGatewayDocuments(createEdi(a.store, { controlNumbers: await openSharedControlNumbers(cPool) }));
  let entered!: () => void;
  const stalling = new Promise<void>((resolve) => (entered = resolve));
  let wake!: () => void;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  /** The answers C made before it stalled (after-gateway): never stored, as C lost the file. */
  let lost: Array<{ kind: string; text: string }> = [];
  const documents: MailboxDocuments = {
    emit: gateway.emit,
    async processInbound(text, partner) {
      if (stall === 'after-gateway') {
        const answers = await gateway.processInbound(text, partner);
        lost = answers;
        entered();
        await woken;
        return answers;
      }
      entered();
      await woken;
      return gateway.processInbound(text, partner);
    },
  };
  const c = await startDrop(documents, { users: [{ name: 'acme', password: 'acme-pw' }], inbound: await openPostgresInbound(cPool), mailboxes: await openPostgresMailboxes(cPool) });
  try {
    const before = await outbound();
    const claimsBefore = b.store.counts().Claim ?? 0;
    const file = await fresh837P(a.store, prefix);
    const onC = await connect(c.port, ACME);
    await onC.put(Buffer.from(file.text, 'latin1'), '/inbound/claims.x12');
    await onC.end();
    await stalling;
    // Acknowledged, so durable and shared: the row is there, and B lists it.
    expect(await inboundRows()).toEqual([{ name: 'claims.x12', size: file.text.length, claimed_by: expect.any(String) }]);
    expect((await onB.list('/inbound')).map((f) => f.name)).toEqual(['claims.x12']);

    await pool.query(`UPDATE ${INBOUND_TABLE} SET claimed_until = now() - interval '1 second'`);
    await bothIdle();
    const after = await outbound();
    const fresh = { 999: added(after[999], before[999]), 277: added(after[277], before[277]) };
    expect([fresh[999].length, fresh[277].length]).toEqual([1, 1]);
    expect(await inboundRows()).toEqual([]);
    await b.store.sync();
    expect(b.store.counts().Claim).toBe(claimsBefore + file.controlNumbers.length);

    // C comes back: its answers are not kept, as another server took the file over.
    wake();
    await c.server.idle();
    expect(c.events.find((e) => e.type === 'inbound-failed')).toMatchObject({ path: '/inbound/claims.x12', error: expect.stringContaining('claimed by another server') });
    const late = await outbound();
    expect([late[999].length, late[277].length]).toEqual([after[999].length, after[277].length]);
    await b.store.sync();
    expect(b.store.counts().Claim).toBe(claimsBefore + file.controlNumbers.length);
    const text = async (folder: string, name: string) => ((await onB.get(`/outbound/${folder}/${name}`)) as Buffer).toString('latin1');
    return { file, lost, answers: { 999: await text('999', fresh[999][0]!), 277: await text('277', fresh[277][0]!) } };
  } finally {
    wake();
    await c.stop();
    await cPool.end();
  }
}
