import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

// Each test spawns `cdg` (a second or two of start-up each): seconds on a quiet machine, a minute or more
// on a loaded one, so the bound is for a hung process, not a slow one.
vi.setConfig({ testTimeout: 300_000 });

const tmp = mkdtempSync(join(tmpdir(), 'cdg-cli-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One line on stderr, no stack trace, exit code 2. */
function expectOneLine(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('cdg errors are one clear line and exit code 2', () => {
  it.skipIf(!existsSync('/proc/self'))('generate --out under /proc ends at once instead of looping on mkdir', async () => {
    expectOneLine(await runCli(['generate', '--patients', '1', '--out', '/proc/cdg-x/y']), /^cdg: --out "\/proc\/cdg-x\/y": cannot create \/proc\/cdg-x \(E[A-Z]+\)$/);
  });

  it('generate --out naming a file, or a path through a file', async () => {
    expectOneLine(await runCli(['generate', '--patients', '1', '--out', 'README.md']), /^cdg: --out "README.md": exists and is not a directory$/);
    expectOneLine(await runCli(['generate', '--patients', '1', '--out', 'README.md/x']), /^cdg: --out "README.md\/x": .*README\.md is not a directory$/);
  });

  it('serve with STORE=postgres and a database nothing listens on, without the password', async () => {
    const port = await closedPort();
    const args = ['serve', '--port', '0', '--no-sftp', '--patients', '1', '--data-dir', join(tmp, 'pg-data')];
    const result = await runCli([...args, '--store', 'postgres', '--database-url', `postgresql://cdg:secret@127.0.0.1:${port}/cdg`]);
    expectOneLine(result, new RegExp(`^cdg: cannot use the PostgreSQL database postgresql://cdg@127\\.0\\.0\\.1:${port}/cdg \\(ECONNREFUSED\\): check DATABASE_URL`));
    expect(result.stderr).not.toContain('secret');
  });

  it('publish to a port nothing listens on', async () => {
    const port = await closedPort();
    expectOneLine(await runCli(['publish', '--url', `http://127.0.0.1:${port}`]), new RegExp(`^cdg: cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
  });
});

describe('.env', () => {
  it('is read from the working directory; the real environment wins', async () => {
    const dir = join(tmp, 'dotenv');
    const out = join(dir, 'out');
    mkdirSync(dir);
    writeFileSync(join(dir, '.env'), `# comment\nPATIENTS=3\nSEED=from-dotenv\nHISTORY_YEARS=1\n`);
    const read = await runCli(['generate', '--out', out, '--threads', '1'], { CDG_ENV_FILE: undefined, SEED: 'from-env' }, dir);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toMatch(/ for 3 patients /);
    expect(read.stderr).toMatch(/read 2 settings from .*\.env \(the environment wins\)/);
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, '.env'), 'PATIENTS=lots\n');
    const refused = await runCli(['generate', '--out', out], { CDG_ENV_FILE: undefined }, bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('PATIENTS (--patients) = "lots"');
  });

  it('is not required, and the repository root has none the tests would pick up', async () => {
    expect(existsSync(join(ROOT, '.env.example'))).toBe(true);
    const result = await runCli(['--version'], { CDG_ENV_FILE: undefined }, tmp);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('--state', () => {
  it('accepts a USPS code in any case', async () => {
    const out = join(tmp, 'tx');
    const result = await runCli(['generate', '--state', 'tx', '--patients', '2', '--threads', '1', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const patients = readFileSync(join(out, 'Patient.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { address: Array<{ state: string }> });
    expect(patients).toHaveLength(2);
    for (const p of patients) expect(p.address[0].state).toBe('TX');
  });
});
