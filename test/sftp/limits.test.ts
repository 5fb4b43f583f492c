import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS } from '../../server/sftp/sftp-session.js';
import { connect, names, PASSWORD, startDrop, until, type RunningDrop } from './harness.js';
import { interimDocuments } from './interim-documents.js';

const MAX = 6 * 1024 * 1024;
const documents = interimDocuments();
let drop: RunningDrop;

beforeAll(async () => {
  drop = await startDrop(documents, { maxFileSize: MAX });
});
afterAll(async () => {
  await drop?.stop();
});

describe('upload size', () => {
  it('streams a multi-megabyte upload written out of order (parallel writes) and processes it intact', async () => {
    const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
    // Printable ASCII so the bytes survive the utf8 read unchanged.
    const body = `ISA*...~ST*837*0001~${randomBytes(3 * 1024 * 1024).toString('base64')}`.slice(0, 4 * 1024 * 1024);
    const local = join(drop.dataDir, 'big.x12');
    await writeFile(local, body);
    await c.fastPut(local, '/inbound/big.x12', { concurrency: 8, chunkSize: 32 * 1024 });
    await drop.server.idle();
    expect(documents.processed.at(-1)?.length).toBe(body.length);
    expect(documents.processed.at(-1) === body).toBe(true);
    await c.end();
  });

  it('refuses writes past the maximum size and processes nothing', async () => {
    const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
    const processedBefore = documents.processed.length;
    const before = await names(c, '/outbound/999');
    await expect(c.put(Buffer.alloc(MAX + 1, 0x41), '/inbound/huge.x12')).rejects.toMatchObject({ code: STATUS.FAILURE });
    await c.end();
    expect(await until(() => drop.events.some((e) => e.type === 'upload-discarded' && e.path === '/inbound/huge.x12'))).toBe(true);
    await drop.server.idle();
    const w = await connect(drop.port, { username: 'partner', password: PASSWORD });
    expect(await names(w, '/inbound')).toEqual([]);
    expect(await names(w, '/outbound/999')).toEqual(before);
    expect(documents.processed.length).toBe(processedBefore);
    await w.end();
  });
});
