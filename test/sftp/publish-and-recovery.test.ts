import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishRoute } from '../../server/sftp/index.js';
import { content, ediWorld, fresh837P, inquiry270, someSubscriber, type EdiWorld } from './fixture.js';
import { connect, names, PASSWORD, raw, startDrop, until } from './harness.js';

let world: EdiWorld;
beforeAll(async () => {
  world = await ediWorld();
});
afterAll(async () => {
  await world?.store.close();
});

describe('POST /admin/publish', () => {
  it('drops a fresh set into every mailbox and lists it; 503 when SFTP is off', async () => {
    const drop = await startDrop(world.documents, { users: [{ name: 'partner', password: PASSWORD }, { name: 'payer1', password: 'pw', payer: someSubscriber(world.store).payerId }] });
    try {
      const app = express().post('/admin/publish', publishRoute(drop.server));
      const res = await request(app).post('/admin/publish').expect(200);
      const files = res.body.files as Array<{ account: string; path: string; kind: string }>;
      expect(files.map((f) => `${f.account}:${f.kind}`).sort()).toEqual(
        ['keyed', 'partner', 'payer1'].flatMap((a) => ['834', '835', '837D', '837I', '837P'].map((k) => `${a}:${k}`)).sort(),
      );
      const c = await connect(drop.port, { username: 'payer1', password: 'pw' });
      const mine = files.find((f) => f.account === 'payer1' && f.kind === '834')!;
      expect(await names(c, '/outbound/834')).toEqual([mine.path.split('/').pop()]);
      await c.end();
      await request(express().post('/admin/publish', publishRoute(undefined))).post('/admin/publish').expect(503);
    } finally {
      await drop.stop();
    }
  });
});

describe('restart', () => {
  it('processes an upload that was acknowledged before a stop, and drops one that never closed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cdg-sftp-recover-'));
    const spoolDir = join(dataDir, 'mailboxes');
    // What a stopped server leaves: a complete upload in received/, a half one in incoming/.
    await mkdir(join(spoolDir, 'partner', 'received'), { recursive: true });
    await mkdir(join(spoolDir, 'partner', 'incoming'), { recursive: true });
    await writeFile(join(spoolDir, 'partner', 'received', '1764000000000000001-left.x12'), inquiry270(someSubscriber(world.store), 'RESTART1'), 'latin1');
    await writeFile(join(spoolDir, 'partner', 'incoming', 'abc.part'), 'ISA*half');
    const drop = await startDrop(world.documents, { spoolDir });
    try {
      await drop.server.idle();
      const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
      const answers = await names(c, '/outbound/271');
      expect(answers).toHaveLength(1);
      expect(((await c.get(`/outbound/271/${answers[0]}`)) as Buffer).toString('latin1')).toContain('TRN*2*RESTART1*');
      expect(await names(c, '/inbound')).toEqual([]);
      await c.end();
    } finally {
      await drop.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('restart after an 837 was stored but not answered', () => {
  it('answers it as the first attempt did (the same 999 and 277CA) and stores nothing again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cdg-sftp-recover-'));
    const spoolDir = join(dataDir, 'mailboxes');
    const file = await fresh837P(world.store, 'RESTORED');
    // What a server that stopped between storing an 837's claims and writing its answers leaves: the claims in the
    // store (whose answers were lost with it), the file in received/.
    const lost = await world.documents.processInbound(file.text, { account: 'partner' });
    const claims = world.store.counts().Claim;
    await mkdir(join(spoolDir, 'partner', 'received'), { recursive: true });
    await writeFile(join(spoolDir, 'partner', 'received', '1764000000000000002-claims.x12'), file.text, 'latin1');
    const drop = await startDrop(world.documents, { spoolDir });
    try {
      await drop.server.idle();
      const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
      for (const [folder, kind] of [['999', '999'], ['277', '277CA']]) {
        const answers = await names(c, `/outbound/${folder}`);
        expect(answers).toHaveLength(1);
        const text = ((await c.get(`/outbound/${folder}/${answers[0]}`)) as Buffer).toString('latin1');
        expect(content(text)).toEqual(content(lost.find((d) => d.kind === kind)!.text));
        if (kind === '277CA') expect(text.match(/STC\*A2:20:PR\*/g)).toHaveLength(file.controlNumbers.length);
      }
      await c.end();
      expect(world.store.counts().Claim).toBe(claims);
    } finally {
      await drop.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('close()', () => {
  it('ends open sessions, discards their unclosed uploads and still processes what was acknowledged', async () => {
    const drop = await startDrop(world.documents);
    try {
      const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
      let ended = false;
      (c as unknown as { client: { on(e: string, f: () => void): void } }).client.on('close', () => (ended = true));
      await c.put(Buffer.from(inquiry270(someSubscriber(world.store), 'BEFORECLOSE'), 'latin1'), '/inbound/done.x12');
      const s = raw(c);
      const h = await s.open('/inbound/open.x12', 'w');
      await s.write(h, Buffer.from('ISA*'), 0);
      await drop.server.close();
      expect(await until(() => ended)).toBe(true);
      expect(drop.events).toContainEqual({ type: 'upload-discarded', account: 'partner', path: '/inbound/open.x12', reason: 'disconnected' });
      expect(drop.events.find((e) => e.type === 'inbound-processed' && e.path === '/inbound/done.x12')).toBeDefined();
    } finally {
      await drop.stop();
    }
  });
});
