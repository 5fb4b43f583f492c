import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JS beside the bin, without type declarations
import { configuredPatients, defaultHeapMb, hasHeapLimit, heapNeededMb, needsRelaunch } from '../../bin/heap-limit.js';
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

  it('reads the patient count as the CLI does: last --patients flag, then PATIENTS, then .env, then the default', () => {
    const dotEnv = join(tmp, 'patients.env');
    writeFileSync(dotEnv, 'PATIENTS=50000\n');
    expect(configuredPatients(['serve', '--patients', '7', '--patients=9'], {})).toBe(9);
    expect(configuredPatients(['serve', '--patients', '7'], { PATIENTS: '8', CDG_ENV_FILE: dotEnv })).toBe(7);
    expect(configuredPatients(['serve'], { PATIENTS: '8', CDG_ENV_FILE: dotEnv })).toBe(8);
    expect(configuredPatients(['serve'], { CDG_ENV_FILE: dotEnv })).toBe(50_000);
    expect(configuredPatients(['serve'], { CDG_ENV_FILE: '' })).toBe(300);
    expect(configuredPatients(['serve', '--patients', 'many'], {})).toBe(Infinity);
  });

  it('relaunches only when the population needs more heap than node has and the limit would give more', () => {
    expect(heapNeededMb(10_000)).toBeGreaterThan(10_000 * 0.1 + 370); // measured: ~100 MiB per 1,000 over ~370 MiB
    expect(needsRelaunch(12_000, 300, 4144)).toBe(false);
    expect(needsRelaunch(12_000, 64_000, 4144)).toBe(true); // the 64,000-patient crash (issue 13)
    expect(needsRelaunch(3_000, 64_000, 4144)).toBe(false); // a smaller limit than node's own is no help
  });

  it('starts one node for a small population and two for a large one (a fast-failing command shows it)', () => {
    const env = { ...process.env, NODE_OPTIONS: '', CDG_ENV_FILE: '' };
    const nodes = (patients: string) => {
      const args = ['--import', 'data:text/javascript,process.stderr.write("node-start\\n")', 'bin/cdg.js', 'serve', '--patients', patients, '--port', '-1'];
      const run = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
      expect(run.status).toBe(2);
      return run.stderr.match(/node-start/g)?.length;
    };
    expect(nodes('1')).toBe(1);
    expect(nodes('100000')).toBe(needsRelaunch(defaultHeapMb(), 100_000) ? 2 : 1); // 2 where 75% of the memory is more than node's own limit (here 17 vs 4 GiB)
  }, 60_000);

  it('makes `cdg serve` run in a node with the limit set, and passes SIGTERM on for a graceful stop', async () => {
    const env = { ...process.env, NODE_OPTIONS: '' };
    // A heap too small for even one patient's 512 MiB estimate makes the launcher relaunch (V8 refuses
    // --max-heap-size together with both --max-semi-space-size and --max-old-space-size, so no semi-space flag here).
    const args = ['--max-heap-size=400', '--stack-size=900', 'bin/cdg.js', 'serve', '--host', '127.0.0.1', '--port', '0', '--patients', '1', '--no-sftp', '--data-dir', tmp];
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
    expect(argv).toContain('--stack-size=900'); // the launcher's own node flags are kept
    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM received');
  }, 120_000);
});
