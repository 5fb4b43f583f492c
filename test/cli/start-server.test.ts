import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/start.js';

const tmp = mkdtempSync(join(tmpdir(), 'cdg-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('startServer', () => {
  it('serves the generated population over HTTP and starts the SFTP drop that /admin/publish fills', async () => {
    const running = await startServer({ host: '127.0.0.1', port: 0, sftpPort: 0, patients: 12, seed: '5', threads: 1, dataDir: join(tmp, 'a') });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${running.url}/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', seed: '5', patients: 12 });
      const summary = (await (await fetch(`${running.url}/admin/population`, { headers: { Authorization: `Bearer ${running.admin.token}` } })).json()) as { counts: Record<string, number> };
      expect(summary.counts.Patient).toBe(12);
      // Writes are checked by the validator compiled at start-up: the failing path is named.
      const bad = await fetch(`${running.url}/fhir/Patient`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Patient', gender: 'x' }),
      });
      expect(bad.status).toBe(422);
      expect(JSON.stringify(await bad.json())).toContain('Patient.gender');
      expect(running.sftp?.port).toBeGreaterThan(0);
      expect(running.admin.generated).toBe(true);
      const publish = await fetch(`${running.url}/admin/publish`, { method: 'POST', headers: { Authorization: `Bearer ${running.admin.token}` } });
      expect(publish.status).toBe(200);
      const { files } = (await publish.json()) as { files: Array<{ kind: string }> };
      expect(files.map((f) => f.kind)).toEqual(expect.arrayContaining(['834', '835']));
    } finally {
      await running.close();
    }
  });

  it('runs without SFTP when disabled: /admin/publish answers 503', async () => {
    const running = await startServer({ host: '127.0.0.1', port: 0, sftpEnabled: false, patients: 5, threads: 1, dataDir: join(tmp, 'b') });
    try {
      expect(running.sftp).toBeUndefined();
      expect((await fetch(`${running.url}/admin/publish`, { method: 'POST', headers: { Authorization: `Bearer ${running.admin.token}` } })).status).toBe(503);
    } finally {
      await running.close();
    }
  });
});
