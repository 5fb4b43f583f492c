import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JS beside the bin, without type declarations
import { defaultHeapMb, hasHeapLimit } from '../../bin/heap-limit.js';
import { ROOT } from './run-cli.js';

const GiB = 2 ** 30;
const tmp = mkdtempSync(join(tmpdir(), 'cdg-heap-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Pids of the processes whose parent is `pid` (from /proc/<pid>/stat: the field after the state). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

describe('heap limit', () => {
  it('is 75% of the machine memory, or of a lower cgroup limit', () => {
    expect(defaultHeapMb(16 * GiB, 0)).toBe(12 * 1024);
    expect(defaultHeapMb(16 * GiB, 4 * GiB)).toBe(3 * 1024);
    expect(defaultHeapMb(16 * GiB, 2 ** 64)).toBe(12 * 1024); // unconstrained: cgroup v2 "max"
  });

  it('counts as given when on the command line or in NODE_OPTIONS', () => {
    expect(hasHeapLimit([], '')).toBe(false);
    expect(hasHeapLimit(['--max-semi-space-size=64'], '--enable-source-maps')).toBe(false);
    expect(hasHeapLimit(['--max-old-space-size=2048'], '')).toBe(true);
    expect(hasHeapLimit([], '--enable-source-maps --max-old-space-size=2048')).toBe(true);
  });

  it('makes `cdg serve` run in a node with the limit set, and passes SIGTERM on for a graceful stop', async () => {
    const env = { ...process.env, NODE_OPTIONS: '' };
    const args = ['--max-semi-space-size=64', 'bin/cdg.js', 'serve', '--host', '127.0.0.1', '--port', '0', '--patients', '1', '--no-sftp', '--data-dir', tmp];
    const launcher = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', resolve));
    let out = '';
    launcher.stderr.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      launcher.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/cdg serving/.test(out)) resolve();
      });
      void exited.then(() => reject(new Error(`cdg exited before ready:\n${out}`)));
    });
    const children = childrenOf(launcher.pid!);
    expect(children).toHaveLength(1);
    const argv = readFileSync(`/proc/${children[0]}/cmdline`, 'utf8').split('\0');
    expect(argv).toContain(`--max-old-space-size=${defaultHeapMb()}`);
    expect(argv).toContain('--max-semi-space-size=64');
    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM received');
  }, 120_000);
});
