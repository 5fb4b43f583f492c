import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WRITE_LOG_FILE } from '../../data-store/overlay.js';
import { scanLog } from '../../data-store/write-log/read-log.js';
import { cliEntry } from '../cli/compiled-cli.js';
import { ROOT } from '../cli/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'cdg-kill-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

/** Starts the real CLI (`cdg serve`) with DATA_DIR in the environment; resolves with its URL once it is ready. */
async function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const args = [...(await cliEntry()), 'serve', '--host', '127.0.0.1', '--port', '0', '--patients', '5', '--threads', '1', '--no-sftp'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`cdg exited (${code}) before ready:\n${out}`)));
  });
}

const FHIR = { 'Content-Type': 'application/fhir+json' };

describe('kill -9', () => {
  it('keeps every write that was acknowledged before the process was killed mid-stream', async () => {
    const dataDir = join(tmp, 'data');
    const first = await serve(dataDir);
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    const acknowledged: string[] = [];
    let killed = false;
    // Creates (POST, server-assigned id) and update-as-create (PUT, client id), 16 in flight at a time.
    const write = async (i: number): Promise<void> => {
      const put = i % 2 === 1;
      const body = JSON.stringify({ resourceType: 'Patient', ...(put ? { id: `kill-${i}` } : {}), name: [{ family: `Kill${i}` }] });
      const res = await fetch(`${first.url}/fhir/Patient${put ? `/kill-${i}` : ''}`, { method: put ? 'PUT' : 'POST', headers: FHIR, body });
      if (res.status !== 201 && res.status !== 200) throw new Error(`write ${i} answered ${res.status}`);
      acknowledged.push(((await res.json()) as { id: string }).id);
      if (acknowledged.length >= 150 && !killed) {
        killed = true;
        first.child.kill('SIGKILL'); // others are on their way: some half-written, some not yet read
      }
    };
    let next = 0;
    const lane = async (): Promise<void> => {
      while (!killed && next < 2000) await write(next++).catch(() => undefined);
    };
    await Promise.all(Array.from({ length: 16 }, lane));
    await exited;
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const second = await serve(dataDir);
    try {
      // The restart cut off whatever was torn: the file is whole records again.
      const scan = await scanLog(join(dataDir, WRITE_LOG_FILE));
      expect(scan.validEnd).toBe(scan.size);
      const missing: string[] = [];
      for (const id of acknowledged) if ((await fetch(`${second.url}/fhir/Patient/${id}`)).status !== 200) missing.push(id);
      expect(missing, 'acknowledged but lost').toEqual([]);
    } finally {
      const done = new Promise((resolve) => second.child.once('exit', resolve));
      second.child.kill('SIGTERM');
      await done;
    }
  }, 240_000); // two start-ups of the real CLI, slow on a loaded machine
});
