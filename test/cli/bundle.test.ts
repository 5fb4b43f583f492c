import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

// The esbuild bundle bin/cdg.js prefers (scripts/bundle.js, issue 13), built into a scratch directory at the same
// depth as dist/bundle/ and run as `cdg serve`: the worker entries, files beside the modules and lazy imports
// must survive bundling, which the other CLI tests (run from the sources) cannot see.
const OUT = `dist/.bundle-test-${process.pid}`;
const tmp = mkdtempSync(join(tmpdir(), 'cdg-bundle-'));
let child: ChildProcess | undefined;
let base = '';

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['scripts/bundle.js', OUT], { cwd: ROOT, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  const args = [`${OUT}/cli.js`, 'serve', '--host', '127.0.0.1', '--port', '0', '--no-sftp', '--patients', '2', '--threads', '2', '--data-dir', tmp];
  child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, CDG_ENV_FILE: '', LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  base = await new Promise<string>((resolve, reject) => {
    const seen = (d: Buffer) => {
      out += d.toString();
      const url = /cdg serving .* at (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    };
    child!.stdout!.on('data', seen);
    child!.stderr!.on('data', seen);
    child!.once('exit', () => reject(new Error(`bundled cdg exited before ready:\n${out}`)));
  });
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(join(ROOT, OUT), { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

describe('the bundled server (dist/bundle)', () => {
  it('has an entry beside cli.js for every worker a bundled module starts by URL', () => {
    for (const worker of ['validation-worker.js', 'generation-worker.js', 'generate-worker.js']) expect(existsSync(join(ROOT, OUT, worker)), worker).toBe(true);
  });

  it('serves what the sources serve: version from package.json, generated patients, validation, console, API docs', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const health = (await (await fetch(`${base}/health/ready`)).json()) as { version: string; patients: number };
    expect(health).toMatchObject({ version, patients: 2 }); // generated in the generate-worker entry (--threads 2)
    const invalid = await fetch(`${base}/fhir/Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{"resourceType":"Patient","gender":"bogus"}' });
    expect(invalid.status).toBe(422); // answered by the validation-worker entry
    expect(JSON.stringify(await invalid.json())).toContain('Patient.gender');
    expect((await fetch(`${base}/`)).status).toBe(200); // console files copied beside the bundle
    const docs = await fetch(`${base}/api/docs/`);
    expect(docs.status).toBe(200); // swagger-ui-express, imported on the first request
    expect(await docs.text()).toContain('swagger-ui');
  });
});
