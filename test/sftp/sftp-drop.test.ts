import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { STATUS } from '../../server/sftp/sftp-session.js';
import { connect, names, PASSWORD, partnerKey, raw, startDrop, until, waitForNewFile, type RunningDrop } from './harness.js';
import { interimDocuments } from './interim-documents.js';

const documents = interimDocuments();
let drop: RunningDrop;

beforeAll(async () => {
  drop = await startDrop(documents);
  await drop.server.publish();
});
afterAll(async () => {
  await drop?.stop();
});

describe('authentication', () => {
  it('accepts the right password and lists the mailbox root', async () => {
    const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
    expect(await names(c, '/')).toEqual(['inbound', 'outbound']);
    expect(await names(c, '/outbound')).toEqual(['271', '277', '834', '835', '837', '999']);
    await c.end();
  });

  it('refuses a wrong password and an unknown user', async () => {
    await expect(connect(drop.port, { username: 'partner', password: 'wrong' })).rejects.toThrow(/authentication/i);
    await expect(connect(drop.port, { username: 'nobody', password: PASSWORD })).rejects.toThrow(/authentication/i);
    expect(drop.events.filter((e) => e.type === 'auth-refused').length).toBeGreaterThanOrEqual(2);
  });

  it('accepts a listed public key and refuses an unlisted one', async () => {
    const c = await connect(drop.port, { username: 'keyed', privateKey: partnerKey.private });
    expect(await names(c, '/')).toEqual(['inbound', 'outbound']);
    await c.end();
    const stranger = ssh2.utils.generateKeyPairSync('ed25519');
    await expect(connect(drop.port, { username: 'keyed', privateKey: stranger.private })).rejects.toThrow(/authentication/i);
    // A key-only account has no password.
    await expect(connect(drop.port, { username: 'keyed', password: '' })).rejects.toThrow();
  });
});

describe('outbound', () => {
  it('lists and downloads the published documents, named by type, date and control number', async () => {
    const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
    const files = await names(c, '/outbound/834');
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^834_\d{8}_\d{9}\.x12$/);
    const body = (await c.get(`/outbound/834/${files[0]}`)) as Buffer;
    expect(body.toString('utf8')).toMatch(/^834\|/);
    expect((await names(c, '/outbound/837')).map((n) => n.slice(0, 5)).sort()).toEqual(['837I_', '837P_']);
    await c.end();
  });

  it('deletes an outbound file but refuses writes into outbound', async () => {
    const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
    const [file] = await names(c, '/outbound/835');
    await c.delete(`/outbound/835/${file}`);
    expect(await names(c, '/outbound/835')).toEqual([]);
    await expect(c.put(Buffer.from('x'), '/outbound/835/mine.x12')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await c.end();
  });
});

describe('inbound', () => {
  it('answers an uploaded 270 with a 271 in /outbound/271/ once the upload closes', async () => {
    const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
    const before = await names(c, '/outbound/271');
    await c.put(Buffer.from('ISA*...~ST*270*0001~'), '/inbound/eligibility.x12');
    const fresh = await waitForNewFile(c, '/outbound/271', before);
    expect(fresh).toMatch(/^271_\d{8}_\d{9}\.x12$/);
    await c.end();
  });

  it('answers an uploaded 837 with a 999 and a 277CA', async () => {
    const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
    const before999 = await names(c, '/outbound/999');
    const before277 = await names(c, '/outbound/277');
    await c.put(Buffer.from('ISA*...~ST*837*0001~'), '/inbound/claims.x12');
    expect(await waitForNewFile(c, '/outbound/999', before999)).toMatch(/^999_/);
    expect(await waitForNewFile(c, '/outbound/277', before277)).toMatch(/^277CA_/);
    await c.end();
  });
});

describe('confinement', () => {
  it('refuses paths that climb out of the mailbox, host paths, links and layout changes', async () => {
    const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
    const s = raw(c);
    await expect(s.stat('../etc/passwd')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await expect(s.stat('/inbound/../../etc/passwd')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await expect(s.open('/outbound/../../../etc/passwd', 'r')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await expect(s.realpath('/..')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await expect(s.stat('/etc/passwd')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(s.open('/etc/passwd', 'r')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(s.readdir('/etc')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(s.readdir(drop.dataDir)).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(s.open('/inbound/..\\..\\x', 'w')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await expect(s.open('/inbound/.hidden', 'w')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await expect(s.symlink('/etc/passwd', '/inbound/link.x12')).rejects.toMatchObject({ code: STATUS.OP_UNSUPPORTED });
    await expect(s.readlink('/outbound')).rejects.toMatchObject({ code: STATUS.OP_UNSUPPORTED });
    await expect(s.mkdir('/inbound/sub')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await expect(s.rmdir('/outbound/834')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await expect(s.rename('/outbound/834', '/x')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await expect(s.unlink('/inbound')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await expect(s.open('/inbound/eligibility.x12', 'r')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    // `cd ..` inside the tree still works, and relative paths start at the mailbox root.
    expect(await s.realpath('/outbound/834/..')).toBe('/outbound');
    expect(await s.realpath('.')).toBe('/');
    expect(await s.realpath('outbound/./999')).toBe('/outbound/999');
    expect((await s.stat('/outbound/834')).isDirectory()).toBe(true);
    await c.end();
  });
});

describe('uploads that must not be processed', () => {
  it('discards an upload whose connection drops before the handle is closed', async () => {
    const c = await connect(drop.port, { username: 'partner', password: PASSWORD });
    const watcher = await connect(drop.port, { username: 'partner', password: PASSWORD });
    const before = { r271: await names(watcher, '/outbound/271'), r999: await names(watcher, '/outbound/999') };
    const s = raw(c);
    const handle = await s.open('/inbound/partial.x12', 'w');
    await s.write(handle, Buffer.from('ISA*...~ST*270*0001~'), 0);
    expect(await names(watcher, '/inbound')).toContain('partial.x12');
    (c as unknown as { client: ssh2.Client }).client.destroy();
    expect(await until(async () => !(await names(watcher, '/inbound')).includes('partial.x12'))).toBe(true);
    await drop.server.idle();
    expect(await names(watcher, '/inbound')).toEqual([]);
    expect(await names(watcher, '/outbound/271')).toEqual(before.r271);
    expect(await names(watcher, '/outbound/999')).toEqual(before.r999);
    expect(drop.events).toContainEqual({ type: 'upload-discarded', account: 'partner', path: '/inbound/partial.x12', reason: 'disconnected' });
    await watcher.end();
  });
});
