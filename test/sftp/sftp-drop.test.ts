import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Claim, ExplanationOfBenefit, Patient } from 'fhir/r4';
import ssh2 from 'ssh2';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { IDENTIFIER } from '../../population/conventions.js';
import { generateEd25519KeyPair } from '../../server/sftp/index.js';
import { STATUS } from '../../server/sftp/sftp-protocol.js';
import { build276 } from '../edi/helpers.js';
import { content, fresh837P, inquiry270, someSubscriber } from './fixture.js';
import { connect, names, PASSWORD, partnerKey, raw, until, usePublishedDrop, waitForNewFile } from './harness.js';

const env = usePublishedDrop();

const text = async (c: Awaited<ReturnType<typeof connect>>, path: string) => ((await c.get(path)) as Buffer).toString('latin1');

describe('authentication', () => {
  it('accepts the right password and shows the mailbox layout', async () => {
    const c = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    expect(await names(c, '/')).toEqual(['inbound', 'outbound']);
    expect(await names(c, '/outbound')).toEqual(['271', '277', '834', '835', '837', '999']);
    await c.end();
  });

  it('refuses a wrong password and an unknown user', async () => {
    await expect(connect(env.drop.port, { username: 'partner', password: 'wrong' })).rejects.toThrow(/authentication/i);
    await expect(connect(env.drop.port, { username: 'nobody', password: PASSWORD })).rejects.toThrow(/authentication/i);
    expect(env.drop.events.filter((e) => e.type === 'auth-refused').length).toBeGreaterThanOrEqual(2);
  });

  it('accepts a listed public key and refuses an unlisted one', async () => {
    const c = await connect(env.drop.port, { username: 'keyed', privateKey: partnerKey.private });
    expect(await names(c, '/')).toEqual(['inbound', 'outbound']);
    await c.end();
    const stranger = generateEd25519KeyPair();
    await expect(connect(env.drop.port, { username: 'keyed', privateKey: stranger.private })).rejects.toThrow(/authentication/i);
    await expect(connect(env.drop.port, { username: 'partner', privateKey: partnerKey.private })).rejects.toThrow(/authentication/i);
  });
});

describe('outbound', () => {
  it('serves the same 834 as GET /edi/834, named by type, date and control number', async () => {
    const c = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    const files = await names(c, '/outbound/834');
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^834_\d{8}_\d{9}\.x12$/);
    const viaSftp = await text(c, `/outbound/834/${files[0]}`);
    expect(viaSftp.startsWith('ISA*')).toBe(true);
    expect(files[0]).toContain(viaSftp.slice(90, 99)); // ISA13
    const viaHttp = await request(env.world.http).get('/edi/834').expect(200);
    expect(content(viaSftp)).toEqual(content(viaHttp.text));
    expect(content(viaSftp).some((s) => s.startsWith('INS*'))).toBe(true);
    // 837D is a row of the transaction-set table: published with no SFTP code of its own.
    const claimFiles = await names(c, '/outbound/837');
    expect(claimFiles.map((n) => n.slice(0, 5)).sort()).toEqual(['837D_', '837I_', '837P_']);
    const dental = await text(c, `/outbound/837/${claimFiles.find((n) => n.startsWith('837D_')) ?? ''}`);
    expect(content(dental).some((s) => s.startsWith('SV3*AD:D'))).toBe(true);
    expect(content(await text(c, `/outbound/835/${(await names(c, '/outbound/835'))[0]}`))).toEqual(content((await env.world.edi.emit('835')).text));
    await c.end();
  });

  it('publishes what the store holds now: a FHIR write shows up in the next 834', async () => {
    const who = someSubscriber(env.world.store);
    const patient = [...env.world.store.all<Patient>('Patient')].find((p) => p.name?.[0]?.family === who.family)!;
    await env.world.store.update<Patient>({ ...patient, name: [{ ...patient.name![0]!, family: 'Sftpwritten' }] });
    const dropped = await env.drop.server.publish();
    const path834 = dropped.find((f) => f.account === 'partner' && f.kind === '834')!.path;
    const c = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    expect((await names(c, '/outbound/834')).length).toBe(2);
    expect((await text(c, path834)).toUpperCase()).toContain('NM1*IL*1*SFTPWRITTEN*');
    await c.end();
  });

  it('deletes an outbound file but refuses writes into outbound', async () => {
    const c = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    const before = await names(c, '/outbound/835');
    await c.delete(`/outbound/835/${before[0]}`);
    expect(await names(c, '/outbound/835')).toEqual(before.slice(1));
    await expect(c.delete(`/outbound/835/${before[0]}`)).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(c.put(Buffer.from('x'), '/outbound/835/mine.x12')).rejects.toMatchObject({ code: STATUS.PERMISSION_DENIED });
    await c.end();
  });
});

describe('inbound', () => {
  it('answers an uploaded 270 with a 271 in /outbound/271/ once the upload is closed', async () => {
    const c = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    const before = await names(c, '/outbound/271');
    await c.put(Buffer.from(inquiry270(someSubscriber(env.world.store), 'SFTPTRACE1'), 'latin1'), '/inbound/eligibility.x12');
    // No time bound: how soon depends on the machine's load; the answer must come, and be a 271.
    const fresh = await waitForNewFile(c, '/outbound/271', before);
    expect(fresh).toMatch(/^271_\d{8}_\d{9}\.x12$/);
    const answer = await text(c, `/outbound/271/${fresh}`);
    expect(answer).toContain('ST*271*');
    expect(answer).toContain('TRN*2*SFTPTRACE1*');
    expect(answer).toMatch(/~\s*EB\*1\*/);
    expect(await names(c, '/inbound')).toEqual([]);
    await c.end();
  });

  it('answers an uploaded 837 with a 999 and a 277CA, and its claims enter the store', async () => {
    const c = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    const before999 = await names(c, '/outbound/999');
    const before277 = await names(c, '/outbound/277');
    const claimsBefore = env.world.store.counts().Claim ?? 0;
    const file = await fresh837P(env.world.store, 'SFTPC');
    await c.put(Buffer.from(file.text, 'latin1'), '/inbound/claims.x12');
    const ack = await waitForNewFile(c, '/outbound/999', before999);
    const status = await waitForNewFile(c, '/outbound/277', before277);
    expect(ack).toMatch(/^999_/);
    expect(status).toMatch(/^277CA_/);
    expect(await text(c, `/outbound/999/${ack}`)).toMatch(/AK9\*A\*/);
    expect(await text(c, `/outbound/277/${status}`)).toContain('ST*277*');
    await env.drop.server.idle();
    expect(env.world.store.counts().Claim).toBe(claimsBefore + file.controlNumbers.length);
    const pcn = file.controlNumbers[0]!;
    const claim = env.world.store.search({ resourceType: 'Claim', params: [['identifier', `${IDENTIFIER.patientControlNumber}|${pcn}`]] }).matches[0] as Claim;
    expect(claim).toBeDefined();
    const eob = env.world.store.search({ resourceType: 'ExplanationOfBenefit', params: [['claim', `Claim/${claim.id}`]] }).matches[0] as ExplanationOfBenefit;
    expect(eob?.outcome).toBe('complete');
    expect((await env.world.edi.emit('835')).text).toContain(`CLP*${pcn}*`);
    await c.end();
  });

  it('answers an uploaded 276 with its 277 in /outbound/277/ (claim status of a stored claim and of an unknown one)', async () => {
    const c = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    const before277 = await names(c, '/outbound/277');
    const before999 = await names(c, '/outbound/999');
    const paid = [...env.world.store.all<ExplanationOfBenefit>('ExplanationOfBenefit')].find((e) => (e.payment?.amount?.value ?? 0) > 0);
    expect(paid).toBeDefined();
    const claim = env.world.store.read<Claim>('Claim', paid?.claim?.reference?.split('/')[1] ?? '');
    const pcn = claim.identifier?.find((i) => i.system === IDENTIFIER.patientControlNumber)?.value ?? '';
    expect(pcn).not.toBe('');
    await c.put(Buffer.from(build276([{ trace: 'SFTP-PAID', pcn }, { trace: 'SFTP-NONE', pcn: 'NO-SUCH-CLAIM' }]), 'latin1'), '/inbound/status.x12');
    const fresh = await waitForNewFile(c, '/outbound/277', before277);
    expect(fresh).toMatch(/^277_\d{8}_\d{9}\.x12$/);
    const answer = await text(c, `/outbound/277/${fresh}`);
    expect(answer).toContain('ST*277*');
    expect(answer).toMatch(/TRN\*2\*SFTP-PAID~\s*STC\*F1:65\*/);
    expect(answer).toMatch(/TRN\*2\*SFTP-NONE~\s*STC\*A4:35\*/);
    // An accepted inquiry gets no 999 of its own (as over HTTP).
    await env.drop.server.idle();
    expect(await names(c, '/outbound/999')).toEqual(before999);
    expect(await names(c, '/inbound')).toEqual([]);
    await c.end();
  });

  it('answers a malformed file with a TA1 or 999 only, and changes nothing else', async () => {
    const c = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    const before = { r999: await names(c, '/outbound/999'), r271: await names(c, '/outbound/271'), r277: await names(c, '/outbound/277') };
    const counts = env.world.store.counts();
    await c.put(Buffer.from('ISA*00*garbage~this is not X12~\u0000\u0001'), '/inbound/broken.x12');
    const reply = await waitForNewFile(c, '/outbound/999', before.r999);
    expect(reply).toMatch(/^(TA1|999)_/);
    await env.drop.server.idle();
    expect(env.world.store.counts()).toEqual(counts);
    expect(await names(c, '/outbound/271')).toEqual(before.r271);
    expect(await names(c, '/outbound/277')).toEqual(before.r277);
    await c.end();
  });
});

describe('confinement', () => {
  it('keeps `..` inside the mailbox and refuses host paths, links and layout changes', async () => {
    const c = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    const s = raw(c);
    // `..` stops at the mailbox root (as `/..` is `/`), so climbing only ever lands on paths of the mailbox tree.
    await expect(s.stat('../etc/passwd')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(s.stat('/inbound/../../etc/passwd')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(s.open('/outbound/../../../etc/passwd', 'r')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(s.open('/inbound/../../../tmp/evil.x12', 'w')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    expect(await s.realpath('/..')).toBe('/'); // `cd ..` at the root stays there, as OpenSSH servers do
    expect(await s.realpath('/outbound/../..')).toBe('/');
    await expect(s.stat('/etc/passwd')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(s.open('/etc/passwd', 'r')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(s.readdir('/etc')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(s.readdir(env.drop.dataDir)).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
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

  it('never follows a link planted inside the spool on the host', async () => {
    await symlink('/etc/passwd', join(env.drop.dataDir, 'sftp', 'mailboxes', 'partner', 'outbound', '834', 'planted.x12'));
    const c = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    expect(await names(c, '/outbound/834')).not.toContain('planted.x12');
    await expect(raw(c).open('/outbound/834/planted.x12', 'r')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await expect(raw(c).stat('/outbound/834/planted.x12')).rejects.toMatchObject({ code: STATUS.NO_SUCH_FILE });
    await c.end();
  });
});

describe('uploads that must not be processed', () => {
  it('discards an upload whose connection drops before the handle is closed', async () => {
    const c = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    const watcher = await connect(env.drop.port, { username: 'partner', password: PASSWORD });
    const before = { r271: await names(watcher, '/outbound/271'), r999: await names(watcher, '/outbound/999') };
    const counts = env.world.store.counts();
    const s = raw(c);
    const handle = await s.open('/inbound/partial.x12', 'w');
    const file = await fresh837P(env.world.store, 'PARTIAL');
    await s.write(handle, Buffer.from(file.text.slice(0, 2000), 'latin1'), 0);
    expect(await names(watcher, '/inbound')).toContain('partial.x12');
    (c as unknown as { client: ssh2.Client }).client.destroy();
    expect(await until(async () => !(await names(watcher, '/inbound')).includes('partial.x12'))).toBe(true);
    await env.drop.server.idle();
    expect(await names(watcher, '/outbound/271')).toEqual(before.r271);
    expect(await names(watcher, '/outbound/999')).toEqual(before.r999);
    expect(env.world.store.counts()).toEqual(counts);
    expect(env.drop.events).toContainEqual({ type: 'upload-discarded', account: 'partner', path: '/inbound/partial.x12', reason: 'disconnected' });
    await watcher.end();
  });
});
