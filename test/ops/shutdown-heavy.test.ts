import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../cli/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'cdg-shutdown-heavy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SHUTDOWN_TIMEOUT_MS = 3000;
/** Process teardown on a loaded machine: exit must come within the shutdown timeout plus this. */
const MARGIN_MS = 4000;

describe('SIGTERM during heavy work', () => {
  it('ends the process within SHUTDOWN_TIMEOUT_MS while a 20 MB write is being validated', async () => {
    const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--patients', '5', '--threads', '1', '--data-dir', join(tmp, 'data'), '--no-sftp',
      '--log-level', 'silent', '--shutdown-timeout-ms', String(SHUTDOWN_TIMEOUT_MS), '--validation-timeout-ms', '600000'];
    const cli = await startCli(args, /at (http:\/\/127\.0\.0\.1:\d+)/);
    const exited = new Promise<number | null>((resolve) => cli.child.once('exit', resolve));
    const base = `${cli.match[1]}/fhir`;
    const file = readFileSync(new URL('../../node_modules/hl7.fhir.r4.examples/Bundle-dataelements.json', import.meta.url), 'utf8');
    const body = Buffer.from(file.replace('"id" : "dataelements"', '"id" : "x"'));
    const heavy = fetch(`${base}/Bundle/x`, { method: 'PUT', headers: { 'Content-Type': 'application/fhir+json' }, body }).then(
      (r) => r.status,
      () => 0, // cut by the shutdown
    );
    // Also one pathological small write, which the old validator never finished.
    let contained: Record<string, unknown> = { resourceType: 'Patient' };
    for (let i = 0; i < 5; i++) contained = { resourceType: 'Patient', contained: [contained] };
    const small = fetch(`${base}/Patient`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(contained) }).then(
      (r) => r.status,
      () => 0,
    );
    // Let the body arrive and the work start, then ask the process to stop.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const signalled = performance.now();
    cli.child.kill('SIGTERM');
    const code = await exited;
    const took = performance.now() - signalled;
    expect(took, `exit took ${took.toFixed(0)} ms`).toBeLessThan(SHUTDOWN_TIMEOUT_MS + MARGIN_MS);
    expect(code === 0 || code === 1).toBe(true);
    // Whatever the requests got, nothing crashed: an answer (a 4xx/2xx) or a cut connection.
    for (const status of await Promise.all([heavy, small])) expect(status === 0 || (status >= 200 && status < 500) || status === 503).toBe(true);
  }, 120_000);
});
