import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startReporter } from '../../server/start-report.js';
import { startCli } from './run-cli.js';

// Each test spawns `cdg` (a second or two of start-up each): seconds on a quiet machine, a minute or more
// on a loaded one, so the bound is for a hung process, not a slow one.
vi.setConfig({ testTimeout: 300_000 });

const tmp = mkdtempSync(join(tmpdir(), 'cdg-start-output-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A stream that records what is written; `tty` makes it look like a terminal to cli-progress. */
function recorder(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _e, done) => ((text += chunk.toString()), done()) }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: tty, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream, text: () => text };
}

const PHASES = [
  { phase: 'load', done: 0, total: 12000 }, { phase: 'load', done: 5000, total: 12000 }, { phase: 'load', done: 12000, total: 12000 },
  { phase: 'validators', done: 0, total: 1 }, { phase: 'validators', done: 1, total: 1 },
  { phase: 'load', done: 0, total: 1 }, { phase: 'load', done: 1, total: 1 },
] as const;

describe('start-up progress', () => {
  it('is one line per phase when not on a terminal, with singular and plural right', () => {
    const out = recorder(false);
    const report = startReporter(out.stream);
    for (const event of PHASES) report({ ...event });
    expect(out.text()).toBe('cdg: loading 12000 patients (reads are served meanwhile) ...\ncdg: starting the FHIR validation workers ...\ncdg: loading 1 patient (reads are served meanwhile) ...\n');
  });

  it('says a regenerated population is opened, not loaded, and draws no bar for it', () => {
    const out = recorder(true);
    const report = startReporter(out.stream);
    for (const event of [{ phase: 'open', done: 0, total: 1_000_000 }, { phase: 'open', done: 1_000_000, total: 1_000_000 }] as const) report({ ...event });
    expect(out.text()).toBe('cdg: opening the store: 1000000 patients regenerated on demand, indexed in the background (progress at /health/ready) ...\n');
  });

  it('draws a bar for loading on a terminal', () => {
    const out = recorder(true);
    const report = startReporter(out.stream);
    for (const event of PHASES.slice(0, 5)) report({ ...event });
    expect(out.text()).toContain('cdg: loading 12000 patients (reads are served meanwhile) [');
    expect(out.text()).toMatch(/loading 12000 patients \(reads are served meanwhile\): done in \d+\.\d s/);
  });

  it('cdg serve with POPULATION_MODE=regenerated says it opens the store, not that patients load', async () => {
    const { child, output } = await startCli(
      ['serve', '--host', '127.0.0.1', '--port', '0', '--no-sftp', '--patients', '40', '--threads', '1', '--data-dir', join(tmp, 'r'), '--log-level', 'silent'],
      /API docs .*\n/,
      { POPULATION_MODE: 'regenerated' },
    );
    try {
      const text = output();
      expect(text).toMatch(/cdg: serving reads on http:\/\/127\.0\.0\.1:\d+ 40 patients regenerated on demand \(GET .*\/health\/ready shows the indexes building\)/);
      expect(text).toContain('cdg: opening the store: 40 patients regenerated on demand, indexed in the background');
      expect(text).toMatch(/cdg serving 40 patients \(regenerated on demand, seed 42, as of \d{4}-\d\d-\d\d, store opened in \d+\.\d s\) at http/);
      expect(text).not.toMatch(/load|generated and/);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('cdg serve says what it does, then where everything is served', async () => {
    const { child, output } = await startCli(
      ['serve', '--host', '127.0.0.1', '--port', '0', '--sftp-port', '0', '--patients', '3', '--threads', '1', '--data-dir', join(tmp, 'd'), '--log-level', 'silent'],
      /API docs .*\n/,
    );
    try {
      const text = output();
      const lines = ['cdg: serving reads on http://127.0.0.1:', 'cdg: loading 3 patients (reads are served meanwhile) ...', 'cdg: starting the FHIR validation workers ...', 'cdg: starting the SFTP drop ...', 'cdg: publishing 5 files into the SFTP mailboxes ...'];
      for (const line of lines) {
        expect(text).toContain(line);
      }
      const base = /cdg serving 3 patients \(.*\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
      expect(base).toBeDefined();
      expect(text).toContain(`FHIR R4 base  ${base}/fhir`);
      expect(text).toContain(`X12 EDI       ${base}/edi`);
      expect(text).toMatch(/SFTP drop {5}sftp:\/\/partner@127\.0\.0\.1:\d+ {2}\(host key SHA256:/);
      expect(text).toContain(`Web console   ${base}/`);
      expect(text).toContain(`API docs      ${base}/api/docs`);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
