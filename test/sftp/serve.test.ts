import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Patient } from 'fhir/r4';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/start.js';
import { connect, names } from './harness.js';

// The drop as `cdg serve` runs it: settings -> startServer -> startSftp over the store the FHIR face writes to.
let running: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cdg-sftp-serve-'));
  running = await startServer({ port: 0, sftpPort: 0, host: '127.0.0.1', patients: 12, historyYears: 1, dataDir, sftpUsers: ['acme:acme-pw'] });
});
afterAll(async () => {
  await running?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('cdg serve with the SFTP drop', () => {
  it('a FHIR write followed by POST /admin/publish shows up in the 834 the partner downloads', async () => {
    expect(running.sftp?.port).toBeGreaterThan(0);
    const search = await request(running.app).get('/fhir/Patient?_count=1').expect(200);
    const patient = (search.body as Bundle).entry![0]!.resource as Patient;
    const renamed: Patient = { ...patient, name: [{ ...patient.name![0]!, family: 'Droptest' }] };
    await request(running.app).put(`/fhir/Patient/${patient.id}`).set('content-type', 'application/fhir+json').send(renamed).expect(200);

    const published = await request(running.app).post('/admin/publish').set('Authorization', `Bearer ${running.admin.token}`).expect(200);
    const file = (published.body.files as Array<{ account: string; kind: string; path: string }>).find((f) => f.account === 'acme' && f.kind === '834')!;
    const c = await connect(running.sftp!.port, { username: 'acme', password: 'acme-pw' });
    // The set published at start, then this one.
    const files = await names(c, '/outbound/834');
    expect(files).toHaveLength(2);
    expect(files).toContain(file.path.split('/').pop());
    const x12 = ((await c.get(file.path)) as Buffer).toString('latin1');
    expect(x12.toUpperCase()).toContain('*DROPTEST*');
    await c.end();
  });
});
