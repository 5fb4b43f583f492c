import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { OperationOutcome } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/ops/logger.js';
import { startServer, type RunningServer } from '../../server/start.js';

// 2,000 patients are ~800 households: past the 500 a request may regenerate at once (SCAN_BUDGETS.household.accurate),
// while their 2,000 people parts are within the 20,000 of Patient and Coverage. Nothing is generated at start.
const tmp = mkdtempSync(join(tmpdir(), 'cdg-regenerated-walks-'));
const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
let running: RunningServer;

beforeAll(async () => {
  running = await startServer({ host: '127.0.0.1', port: 0, sftpPort: 0, patients: 2000, threads: 1, populationMode: 'regenerated', dataDir: join(tmp, 'data') }, { logger: quiet });
}, 120_000);
afterAll(async () => {
  await running?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const outboundFiles = (): string[] => readdirSync(join(tmp, 'data', 'sftp', 'mailboxes', 'partner', 'outbound'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

describe('POPULATION_MODE=regenerated: documents of the whole population', () => {
  it('refuses an 837 or 835 of every record with 422 too-costly, and serves reads', async () => {
    for (const path of ['/edi/837', '/edi/837?type=I', '/edi/835', '/edi/835?since=2026-01-01']) {
      const res = await fetch(`${running.url}${path}`);
      expect(res.status, path).toBe(422);
      const outcome = (await res.json()) as OperationOutcome;
      expect(outcome.issue[0].code).toBe('too-costly');
      expect(outcome.issue[0].diagnostics).toMatch(/households .* more than the 500 .*\$export/);
    }
    expect((await fetch(`${running.url}/fhir/Patient/pt-001999`)).status).toBe(200);
  });

  it('still serves the 834, which reads only Patients and Coverages', async () => {
    const res = await fetch(`${running.url}/edi/834`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('ISA*')).toBe(true);
    expect(text.match(/~\s*INS\*/g)?.length ?? 0).toBeGreaterThan(1000);
  });

  it('refuses POST /admin/publish as a whole: 422 and no file dropped', async () => {
    const before = outboundFiles();
    const res = await fetch(`${running.url}/admin/publish`, { method: 'POST', headers: { Authorization: `Bearer ${running.admin.token}` } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as OperationOutcome).issue[0].code).toBe('too-costly');
    expect(outboundFiles()).toEqual(before);
  });
});
