import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS } from '../../server/sftp/sftp-protocol.js';
import { connect, names, PASSWORD, startDrop, until, type RunningDrop } from './harness.js';
import type { MailboxDocuments } from '../../server/sftp/index.js';
import { ediWorld, fresh837P, type EdiWorld } from './fixture.js';

const MAX = 6 * 1024 * 1024;
let world: EdiWorld;
let drop: RunningDrop;
/** What reached the real gateway, recorded on the way through (the gateway still does the work). */
const processed: string[] = [];

beforeAll(async () => {
  world = await ediWorld();
  const documents: MailboxDocuments = {
    emit: (kind, partner) => world.documents.emit(kind, partner),
    processInbound: (text, partner) => {
      processed.push(text);
      return world.documents.processInbound(text, partner);
    },
  };
  drop = await startDrop(documents, { maxFileSize: MAX });
});
afterAll(async () => {
  await drop?.stop();
  await world?.store.close();
});

describe('upload size', () => {
  it('streams a multi-megabyte upload written out of order (parallel writes) and processes it intact', async () => {
    const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
    // A real claim file followed by megabytes of filler: only the transport is under test here.
    const claims = (await fresh837P(world.store, 'BIG')).text;
    const body = Buffer.concat([Buffer.from(claims, 'latin1'), Buffer.from(`\n${randomBytes(3 * 1024 * 1024).toString('base64')}`, 'latin1')]);
    const local = join(drop.dataDir, 'big.x12');
    await writeFile(local, body);
    const before = await names(c, '/outbound/999');
    await c.fastPut(local, '/inbound/big.x12', { concurrency: 8, chunkSize: 32 * 1024 });
    await drop.server.idle();
    expect(processed.at(-1)?.length).toBe(body.length);
    expect(processed.at(-1) === body.toString('latin1')).toBe(true);
    expect((await names(c, '/outbound/999')).length).toBeGreaterThan(before.length);
    await c.end();
  });

  it('refuses writes past the maximum size and processes nothing', async () => {
    const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
    const processedBefore = processed.length;
    const counts = world.store.counts();
    const before = await names(c, '/outbound/999');
    await expect(c.put(Buffer.alloc(MAX + 1, 0x41), '/inbound/huge.x12')).rejects.toMatchObject({ code: STATUS.FAILURE });
    await c.end();
    expect(await until(() => drop.events.some((e) => e.type === 'upload-discarded' && e.path === '/inbound/huge.x12'))).toBe(true);
    await drop.server.idle();
    const w = await connect(drop.port, { username: 'partner', password: PASSWORD });
    expect(await names(w, '/inbound')).toEqual([]);
    expect(await names(w, '/outbound/999')).toEqual(before);
    expect(processed.length).toBe(processedBefore);
    expect(world.store.counts()).toEqual(counts);
    await w.end();
  });
});
