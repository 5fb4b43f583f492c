import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SETTINGS } from '../../server/ops/settings.js';
import { MEMBER_COLUMNS } from '../../server/export/members-csv.js';
import { runCli, startCli } from './run-cli.js';

// Each test spawns `cdg` (a second or two of start-up each): seconds on a quiet machine, a minute or more
// on a loaded one, so the bound is for a hung process, not a slow one.
vi.setConfig({ testTimeout: 300_000 });

const GENERATE_FLAGS = ['--patients', '--seed', '--as-of', '--history-years', '--state', '--min-age', '--max-age', '--no-address', '--threads', '--out'];
const tmp = mkdtempSync(join(tmpdir(), 'cdg-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('cdg CLI', () => {
  it('documents commands and every flag in --help', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('generate');
    expect(top.stdout).toContain('serve');
    const generate = await runCli(['generate', '--help']);
    expect(generate.code).toBe(0);
    for (const flag of GENERATE_FLAGS) expect(generate.stdout).toContain(flag);
    const serve = await runCli(['serve', '--help']);
    expect(serve.code).toBe(0);
    for (const spec of SETTINGS) expect(serve.stdout).toContain(spec.flag);
    expect(serve.stdout).toContain('default: 8080');
  });

  it('rejects bad values with exit code 2 and a message naming the flag and the value', async () => {
    const bad = await runCli(['generate', '--patients', 'lots', '--out', join(tmp, 'never')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--patients');
    expect(bad.stderr).toContain('lots');
    const date = await runCli(['serve', '--as-of', '2026-02-30']);
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('--as-of');
    expect(date.stderr).toContain('2026-02-30');
    const state = await runCli(['generate', '--state', 'ZZ', '--out', join(tmp, 'never')]);
    expect(state.code).toBe(2);
    expect(state.stderr).toContain('--state');
    expect(state.stderr).toContain('ZZ');
    const ages = await runCli(['generate', '--min-age', '50', '--max-age', '20', '--out', join(tmp, 'never')]);
    expect(ages.code).toBe(2);
    expect(ages.stderr).toContain('--min-age');
    expect(ages.stderr).toContain('--max-age');
    const unknown = await runCli(['generate', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--bogus');
  });

  it('generate --out writes one NDJSON file per resource type and members.csv, then a summary line', async () => {
    const out = join(tmp, 'export');
    const result = await runCli(['generate', '--patients', '25', '--seed', '7', '--threads', '2', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/Patient 25\b/);
    const files = readdirSync(out);
    expect(files).toContain('Patient.ndjson');
    expect(files).toContain('members.csv');
    for (const file of files.filter((f) => f.endsWith('.ndjson'))) {
      const type = file.replace(/\.ndjson$/, '');
      const text = readFileSync(join(out, file), 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      for (const line of text.slice(0, -1).split('\n')) {
        expect((JSON.parse(line) as { resourceType: string }).resourceType).toBe(type);
      }
    }
    const csv = readFileSync(join(out, 'members.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe(MEMBER_COLUMNS.join(','));
    expect(csv.filter((l) => l.length > 0)).toHaveLength(26);
  });

  it('serve listens on 127.0.0.1:0 and answers /health, and stops on SIGTERM', async () => {
    const dataDir = join(tmp, 'data');
    const { child, match } = await startCli(
      ['serve', '--host', '127.0.0.1', '--port', '0', '--patients', '10', '--threads', '1', '--data-dir', dataDir, '--no-sftp'],
      /at (http:\/\/127\.0\.0\.1:\d+)/,
    );
    try {
      const response = await fetch(`${match[1]}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', patients: 10, seed: '42' });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('publish asks the running server to drop a fresh set into the SFTP mailboxes', async () => {
    const dataDir = join(tmp, 'publish');
    const { child, match } = await startCli(
      ['serve', '--host', '127.0.0.1', '--port', '0', '--sftp-port', '0', '--patients', '10', '--threads', '1', '--data-dir', dataDir, '--log-level', 'silent'],
      /at (http:\/\/127\.0\.0\.1:\d+)[\s\S]*admin token[^:]*: (\S+)\n/,
    );
    try {
      const unauthorised = await runCli(['publish', '--url', match[1]], { ADMIN_TOKEN: '' });
      expect(unauthorised.code).toBe(1);
      expect(unauthorised.stderr).toContain('401');
      const result = await runCli(['publish', '--url', match[1], '--admin-token', match[2]]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/\/outbound\/834\/834_\d{8}_\d{9}\.x12/);
      expect(result.stdout).toMatch(/published [1-9]\d* files/);
      const refused = await runCli(['publish', '--url', 'not a url']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--url');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
