import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/ops/logger.js';
import { startServer } from '../../server/start.js';
import { startCli } from '../cli/run-cli.js';
import { Writable } from 'node:stream';

const tmp = mkdtempSync(join(tmpdir(), 'cdg-lifecycle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

describe('readiness', () => {
  // Generous timeouts: generating and spawning take seconds on a quiet machine and minutes on a loaded one.
  it('answers /health/live at once, /health/ready 503 while generating, then 200', { timeout: 300_000 }, async () => {
    let during: [number, number, number] | undefined;
    const running = await startServer(
      { host: '127.0.0.1', port: 0, sftpEnabled: false, patients: 150, threads: 2, dataDir: join(tmp, 'ready') },
      {
        logger: quiet,
        // Generation waits for these answers, so they are the boot-time ones whatever the machine's load.
        onListening: async (url) => {
          during = await Promise.all([
            fetch(`${url}/health/live`).then((r) => (r.headers.get('connection') === 'close' ? r.status : -1)),
            fetch(`${url}/health/ready`).then((r) => r.status),
            fetch(`${url}/fhir/Patient`).then((r) => r.status),
          ]);
        },
      },
    );
    try {
      expect(during).toEqual([200, 503, 503]);
      // The same origin again after a start that may have blocked the event loop for seconds: boot-time
      // connections were closed (Connection: close), so no stale keep-alive socket is reused (was ECONNRESET).
      const ready = await fetch(`${running.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', ready: true, patients: 150 });
    } finally {
      await running.close();
    }
  });
});

describe('SIGTERM', () => {
  it('finishes in-flight writes before exiting: every acknowledged write is there after a restart', { timeout: 300_000 }, async () => {
    const dataDir = join(tmp, 'sigterm');
    const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--patients', '10', '--threads', '1', '--data-dir', dataDir, '--no-sftp', '--log-level', 'silent'];
    const first = await startCli(args, /at (http:\/\/127\.0\.0\.1:\d+)/);
    const base = `${first.match[1]}/fhir`;
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', resolve));
    let signalled = false;
    const writes = Array.from({ length: 40 }, (_, i) =>
      fetch(`${base}/Patient`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Patient', name: [{ family: `Sigterm${i}` }] }),
      }).then(
        (r) => {
          if (!signalled) {
            signalled = true;
            first.child.kill('SIGTERM'); // the rest of the writes are still in flight
          }
          return r.status;
        },
        () => 0, // refused after the port closed: never acknowledged
      ),
    );
    const statuses = await Promise.all(writes);
    expect(await exited).toBe(0);
    const acknowledged = statuses.map((s, i) => [s, i] as const).filter(([s]) => s === 201).map(([, i]) => `Sigterm${i}`);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 0)).toBe(true);

    const second = await startCli(args, /at (http:\/\/127\.0\.0\.1:\d+)/);
    try {
      const bundle = (await (await fetch(`${second.match[1]}/fhir/Patient?family=Sigterm&_count=100&_elements=name`)).json()) as {
        entry?: Array<{ resource: { name: Array<{ family: string }> } }>;
      };
      const found = new Set((bundle.entry ?? []).map((e) => e.resource.name[0].family));
      for (const name of acknowledged) expect(found.has(name), `${name} was acknowledged but lost`).toBe(true);
    } finally {
      const done = new Promise((resolve) => second.child.once('exit', resolve));
      second.child.kill('SIGTERM');
      await done;
    }
  });
});
