import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchEngineLoaded } from '../../data-store/search/compile-expression.js';
import { startServer } from '../../server/start.js';

const tmp = mkdtempSync(join(tmpdir(), 'cdg-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('startServer', () => {
  it('serves the generated population over HTTP and starts the SFTP drop that /admin/publish fills', async () => {
    const running = await startServer({ host: '127.0.0.1', port: 0, sftpPort: 0, patients: 12, seed: '5', threads: 1, dataDir: join(tmp, 'a') });
    // Loaded before ready, so no search pays its ~0.1 s synchronous load while other requests wait (issue 11).
    expect(searchEngineLoaded()).toBe(true);
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
      const admin = { Authorization: `Bearer ${running.admin.token}` };
      expect(String(running.population.generationSeconds)).toMatch(/^\d+(\.\d{1,3})?$/); // ms, not 0.90539933...
      // A set was published at start, and counted in the X12 metric though no HTTP request asked for one.
      const outbound = join(tmp, 'a', 'sftp', 'mailboxes', 'partner', 'outbound');
      expect(readdirSync(join(outbound, '834'))).toHaveLength(1);
      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      expect(metrics).toMatch(/cdg_x12_documents_total\{type="834",direction="outbound",result="emitted"\} 1\b/);
      // An answer left from an earlier run must not be picked up by the next: reset empties outbound, then republishes.
      writeFileSync(join(outbound, '271', '271_20260101_000000999.x12'), 'old answer');
      const reset = await fetch(`${running.url}/admin/reset`, { method: 'POST', headers: admin });
      expect(reset.status).toBe(200);
      expect(readdirSync(join(outbound, '271'))).toEqual([]);
      expect(readdirSync(join(outbound, '834'))).toHaveLength(1);
      const publish = await fetch(`${running.url}/admin/publish`, { method: 'POST', headers: admin });
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
