import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { Pool } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { createEdi } from '../../edi/edi.js';
import { createEdiRouter } from '../../server/edi/router.js';
import { openSharedControlNumbers } from '../../server/edi/postgres-control-numbers.js';
import { openPostgresMailboxes } from '../../server/sftp/postgres-mailboxes.js';
import { startServer, type RunningServer } from '../../server/start.js';
import { testDatabase } from '../data-store/backend.js';
import { fresh837P, inquiry270, someSubscriber } from '../sftp/fixture.js';
import { connect, names } from '../sftp/harness.js';

// Two `cdg serve` on one database (STORE=postgres) behind a load balancer: one sequence of X12 control numbers and
// one /outbound per partner, whichever server a request reaches.
let databaseUrl: string;
const dataDirs: string[] = [];
const running = new Set<RunningServer>();

async function serve(dataDir: string): Promise<RunningServer> {
  const server = await startServer({
    port: 0, sftpPort: 0, host: '127.0.0.1', patients: 5, historyYears: 1, seed: 'pg-edi', dataDir, store: 'postgres', databaseUrl,
    sftpUsers: ['acme:acme-pw'], logLevel: 'silent', adminToken: 'pg-edi-token',
  });
  running.add(server);
  return server;
}

async function stop(server: RunningServer): Promise<void> {
  running.delete(server);
  await server.close();
}

let a: RunningServer;
let b: RunningServer;
beforeAll(async () => {
  databaseUrl = await testDatabase();
  for (let i = 0; i < 2; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'cdg-pg-edi-'));
    // The same high-water mark in both data dirs: servers numbering on their own would both start above it.
    await writeFile(join(dir, 'edi-control-numbers.json'), JSON.stringify({ reservedThrough: 900_000_000 }));
    dataDirs.push(dir);
  }
  a = await serve(dataDirs[0]!);
  b = await serve(dataDirs[1]!);
});
afterAll(async () => {
  for (const server of running) await server.close();
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

/** ISA13 of `count` 834s from each server, requested in pairs (one to each server at once); in issue order per server. */
async function emitPairs(count: number): Promise<{ a: number[]; b: number[] }> {
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < count; i++) {
    const [fromA, fromB] = await Promise.all([request(a.app).get('/edi/834').expect(200), request(b.app).get('/edi/834').expect(200)]);
    out.a.push(Number(fromA.headers['x-x12-control-number']));
    out.b.push(Number(fromB.headers['x-x12-control-number']));
  }
  return out;
}

const increasing = (numbers: number[]) => numbers.every((n, i) => i === 0 || n > numbers[i - 1]!);

describe('X12 control numbers with STORE=postgres', () => {
  it('are unique across two servers and a restart, and increase on each server', async () => {
    const first = await emitPairs(20);
    expect(increasing(first.a) && increasing(first.b)).toBe(true);
    await stop(a);
    a = await serve(dataDirs[0]!);
    const second = await emitPairs(5);
    expect(increasing([...first.a, ...second.a])).toBe(true);
    const all = [...first.a, ...first.b, ...second.a, ...second.b];
    expect(new Set(all).size).toBe(all.length);
  });

  it('come in blocks two counters take turns at, each skipping to its next block when one runs short', async () => {
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    try {
      const [x, y] = [await openSharedControlNumbers(pool, { block: 4 }), await openSharedControlNumbers(pool, { block: 4 })];
      const issued: Record<'x' | 'y', number[]> = { x: [], y: [] };
      for (let i = 0; i < 12; i++) {
        for (const [name, counter] of [['x', x], ['y', y]] as const) {
          const first = await counter.take(3);
          issued[name].push(first, first + 1, first + 2);
        }
      }
      expect(increasing(issued.x) && increasing(issued.y)).toBe(true);
      const all = [...issued.x, ...issued.y];
      expect(new Set(all).size).toBe(all.length);
    } finally {
      await pool.end();
    }
  });

  it('are held before use by inbound 837s and GETs alike: in a burst on a tiny block every GET answers 200, every number once', async () => {
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    try {
      const counter = await openSharedControlNumbers(pool, { block: 4 });
      // Other requests take a block's worth of numbers while each 837's claims are being stored.
      const drained: Array<Promise<number>> = [];
      const store = new Proxy(a.store, {
        get(target, key) {
          if (key === 'transaction') {
            return (...args: Parameters<Store['transaction']>) => {
              for (let i = 0; i < 4; i++) drained.push(counter.take(1));
              return target.transaction(...args);
            };
          }
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      // EDI objects on one counter and store (each has its own inbound queue, as servers do), so their 837s are stored at once.
      const edis = Array.from({ length: 4 }, () => createEdi(store, { controlNumbers: counter }));
      const routers = edis.map((edi) => express().use('/edi', createEdiRouter({ store, edi })));
      const files = await Promise.all(edis.map((_, i) => fresh837P(a.store, `PGHOLD${i}X`)));
      const claimsBefore = a.store.counts().Claim ?? 0;
      const receiving = Promise.all(files.map((f, i) => edis[i]!.receive(f.text, { only: '837' })));
      // With them, a burst of GETs: each takes what its document uses (1 + its sets), waiting for a block if need be.
      const gets = Array.from({ length: 40 }, (_, i) => request(routers[i % routers.length]!).get(['/edi/834', '/edi/837', '/edi/835'][i % 3]!));
      const answered = await receiving;
      expect(answered.map((docs) => docs.map((d) => d.kind))).toEqual(files.map(() => ['999', '277CA']));
      expect(a.store.counts().Claim).toBe(claimsBefore + files.reduce((n, f) => n + f.controlNumbers.length, 0));
      const responses = await Promise.all(gets);
      expect(responses.map((r) => r.status)).toEqual(gets.map(() => 200));
      const isa13 = responses.map((r) => Number(r.text.split('*')[13]));
      expect(isa13).toEqual(responses.map((r) => Number(r.headers['x-x12-control-number'])));
      const numbers = [...answered.flat().map((d) => Number(d.controlNumber)), ...isa13, ...(await Promise.all(drained))];
      expect(new Set(numbers).size).toBe(numbers.length);
      await b.store.sync(); // the other server sees these claims before later tests count its own
    } finally {
      await pool.end();
    }
  });
});

describe('SFTP mailboxes with STORE=postgres', () => {
  it('answer a 270 put on one server in the /outbound the partner reads from the other', async () => {
    const onB = await connect(b.sftp!.port, { username: 'acme', password: 'acme-pw' });
    const before = await names(onB, '/outbound/271');
    const onA = await connect(a.sftp!.port, { username: 'acme', password: 'acme-pw' });
    await onA.put(Buffer.from(inquiry270(someSubscriber(a.store), 'PGTRACE1'), 'latin1'), '/inbound/eligibility.x12');
    await a.sftp!.server.idle();
    const fresh = (await names(onB, '/outbound/271')).filter((n) => !before.includes(n));
    expect(fresh).toHaveLength(1);
    const answer = ((await onB.get(`/outbound/271/${fresh[0]}`)) as Buffer).toString('latin1');
    expect(answer).toContain('TRN*2*PGTRACE1*');
    expect(await names(onA, '/outbound/271')).toEqual(await names(onB, '/outbound/271'));
    // Removed on one server, gone on the other.
    await onB.delete(`/outbound/271/${fresh[0]}`);
    expect(await names(onA, '/outbound/271')).not.toContain(fresh[0]);
    await Promise.all([onA.end(), onB.end()]);
  });

  it('process an 837 put on one server once: its claims are stored once and acknowledged once', async () => {
    const onB = await connect(b.sftp!.port, { username: 'acme', password: 'acme-pw' });
    const [before999, before277] = [await names(onB, '/outbound/999'), await names(onB, '/outbound/277')];
    const claimsBefore = b.store.counts().Claim ?? 0;
    const file = await fresh837P(a.store, 'PGSFTP');
    const onA = await connect(a.sftp!.port, { username: 'acme', password: 'acme-pw' });
    await onA.put(Buffer.from(file.text, 'latin1'), '/inbound/claims.x12');
    await Promise.all([a.sftp!.server.idle(), b.sftp!.server.idle()]);
    expect((await names(onB, '/outbound/999')).filter((n) => !before999.includes(n))).toHaveLength(1);
    expect((await names(onB, '/outbound/277')).filter((n) => !before277.includes(n))).toHaveLength(1);
    await b.store.sync();
    expect(b.store.counts().Claim).toBe(claimsBefore + file.controlNumbers.length);
    await Promise.all([onA.end(), onB.end()]);
  });

  it('keep two files of one name apart and serve a file of many SFTP reads byte for byte', async () => {
    const pool = new Pool({ connectionString: databaseUrl, max: 1 });
    try {
      const mailboxes = await openPostgresMailboxes(pool);
      const big = Array.from({ length: 4000 }, (_, i) => `NM1*IL*1*MEMBER${i}*TEST~`).join('\n');
      const first = await mailboxes.write('acme', '834', '834_20260101_000000001.x12', big);
      const second = await mailboxes.write('acme', '834', '834_20260101_000000001.x12', 'ISA*second~');
      expect([first.name, second.name]).toEqual(['834_20260101_000000001.x12', '834_20260101_000000001_2.x12']);
      expect(first.bytes).toBe(Buffer.byteLength(big));
      const onB = await connect(b.sftp!.port, { username: 'acme', password: 'acme-pw' });
      expect(((await onB.get('/outbound/834/834_20260101_000000001.x12')) as Buffer).toString('latin1')).toBe(big);
      expect(((await onB.get('/outbound/834/834_20260101_000000001_2.x12')) as Buffer).toString('latin1')).toBe('ISA*second~');
      await onB.end();
    } finally {
      await pool.end();
    }
  });
});
