import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS } from '../../server/ops/settings.js';
import { readmeBlocks, withPorts, type ReadmeBlock } from './readme-blocks.js';
import { cliEntry } from './compiled-cli.js';
import { ROOT } from './run-cli.js';

const readme = readFileSync(`${ROOT}README.md`, 'utf8');
const blocks = readmeBlocks(readme);
/** `npx cdg ...` runs the current sources (compiled, as the tests always do), not a stale dist/ build; other npx calls are untouched. */
const npxShim = async (): Promise<string> => `npx() { if [ "$1" = cdg ]; then shift; node ${(await cliEntry()).join(' ')} "$@"; else command npx "$@"; fi; }\n`;

describe('README', () => {
  it('opens with exactly the two newcomer commands', () => {
    const first = blocks.slice(0, 2).map((b) => b.code.trim());
    expect(first).toEqual(['npm ci && npm start', 'npm ci && npm test']);
    expect(readme.indexOf('npm ci && npm start')).toBeLessThan(readme.indexOf('## '));
  });

  it('documents every setting with its flag and environment variable', () => {
    for (const spec of SETTINGS) {
      expect(readme, spec.flag).toContain(`\`${spec.flag}`);
      expect(readme, spec.env).toContain(`\`${spec.env}\``);
    }
  });

  it('marks every block it does not run, with a reason, and runs only languages it knows', () => {
    expect(blocks.length).toBeGreaterThan(10);
    for (const block of blocks) {
      const where = `README.md:${block.line} (${block.lang || 'no language'})`;
      if (block.marker?.kind === 'not-run') {
        expect(block.marker.value.length, `${where}: not-run needs a reason`).toBeGreaterThan(5);
        continue;
      }
      expect(['sh', 'js', 'x12'], `${where} would be run but its language is not runnable: mark it <!-- not-run: reason -->`).toContain(block.lang);
    }
    expect(blocks.filter((b) => b.marker?.kind === 'run' && b.marker.value.startsWith('until-ready'))).toHaveLength(1);
  });
});

/** A shell block's child: its output and exit code. */
async function runShell(code: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const shim = await npxShim();
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-e', '-c', shim + code], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit, stdout, stderr }));
  });
}

describe('every README code block runs', () => {
  const work = mkdtempSync(join(tmpdir(), 'cdg-readme-'));
  const dataDir = join(work, 'data');
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, SFTP_PORT: '0', CDG_ENV_FILE: '', SFTP_AUTHORIZED_KEYS: join(work, 'authorized_keys'), LOG_LEVEL: 'warn', ADMIN_TOKEN: 'readme-admin-token' };
  let server: ChildProcess | undefined;
  let http = 0;
  let sftp = 0;
  let startOutput = '';

  beforeAll(async () => {
    // What a reader has around: the packages (for the js blocks), an SFTP key for `partner`, the X12 samples.
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
    const keygen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'partner', '-f', join(work, 'partner_ed25519')]);
    if (keygen.status !== 0) throw new Error('the README SFTP example needs OpenSSH (ssh-keygen, sftp): install openssh-client');
    writeFileSync(join(work, 'authorized_keys'), readFileSync(join(work, 'partner_ed25519.pub')));
    for (const b of blocks.filter((x) => x.marker?.kind === 'file')) writeFileSync(join(work, b.marker!.value), b.code.trimEnd(), 'latin1');

    const serve = blocks.find((b) => b.marker?.kind === 'run')!;
    const code = serve.code.replace(/--port 8080\b/, '--port 0');
    server = spawn('sh', ['-e', '-c', (await npxShim()) + code], { cwd: work, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer): void => {
        startOutput += d.toString();
        const h = /cdg serving .* at http:\/\/127\.0\.0\.1:(\d+)/.exec(startOutput);
        const s = /sftp:\/\/\S+:(\d+)/.exec(startOutput);
        if (h && s && /API docs/.test(startOutput)) {
          http = Number(h[1]);
          sftp = Number(s[1]);
          resolve();
        }
      };
      server!.stdout!.on('data', onData);
      server!.stderr!.on('data', onData);
      server!.on('exit', (exit) => reject(new Error(`cdg serve exited (${exit}) before ready:\n${startOutput}`)));
    });
  }, 300_000);

  afterAll(async () => {
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      process.kill(-server.pid, 'SIGTERM'); // the shell and the node process under it
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('the server publishes a set into the SFTP mailboxes at start, and says so', () => {
    expect(startOutput).toMatch(/publishing \d+ files into the SFTP mailboxes/);
    expect(startOutput).toMatch(/a fresh 834\/837P\/837I\/837D\/835 set is in \/outbound/);
    for (const folder of ['834', '835', '837']) {
      expect(readdirSync(join(dataDir, 'sftp', 'mailboxes', 'partner', 'outbound', folder)).length, folder).toBeGreaterThan(0);
    }
  });

  it('runs each sh, js and x12 block in order against it', { timeout: 600_000 }, async () => {
    const runnable = blocks.filter((b) => b.marker === undefined || b.marker.kind === 'file');
    expect(runnable.length).toBeGreaterThan(5);
    for (const [i, block] of runnable.entries()) await runBlock(block, i);
  });

  it('documents ids that exist', async () => {
    const section = readme.slice(readme.indexOf('Ids are deterministic'), readme.indexOf('## X12 5010 EDI over HTTP'));
    const ids = [...section.matchAll(/`((pt|cov|enc|cond|obs|clm|eob)-[0-9-]+)`/g)];
    expect(ids.length).toBeGreaterThan(5);
    const TYPE: Record<string, string> = { pt: 'Patient', cov: 'Coverage', enc: 'Encounter', cond: 'Condition', obs: 'Observation', clm: 'Claim', eob: 'ExplanationOfBenefit' };
    for (const [, id, prefix] of ids) {
      const res = await fetch(`http://127.0.0.1:${http}/fhir/${TYPE[prefix]}/${id}`);
      expect(res.status, id).toBe(200);
    }
  });

  async function runBlock(block: ReadmeBlock, i: number): Promise<void> {
    const where = `README.md:${block.line}`;
    const code = withPorts(block.code, http, sftp);
    if (block.lang === 'x12') {
      const kind = /ST\*(\d{3})\*/.exec(code)?.[1];
      expect(['270', '837'], where).toContain(kind);
      const res = await fetch(`http://127.0.0.1:${http}/edi/${kind}`, { method: 'POST', headers: { 'content-type': 'application/edi-x12' }, body: code.trimEnd() });
      const text = await res.text();
      expect(res.status, `${where}\n${text}`).toBe(200);
      expect(res.headers.get('x-edi-documents'), where).toMatch(kind === '270' ? /^271:/ : /277CA/);
      if (kind === '270') {
        // What the README says the sample gets: active coverage for the member it names, the trace echoed.
        expect(text, where).toContain('EB*1*');
        expect(text, where).not.toContain('AAA*');
        const [, family, given, memberId] = /NM1\*IL\*1\*([^*]*)\*([^*]*)\*[^~]*MI\*([^*~]+)/.exec(code)!;
        expect(text.toUpperCase(), where).toContain(`NM1*IL*1*${family}*${given}*`);
        expect(text, where).toContain(`*MI*${memberId}~`);
        expect(text, where).toContain(`TRN*2*${/TRN\*1\*([^*~]+)/.exec(code)![1]}*`);
      }
      return;
    }
    let result;
    if (block.lang === 'js') {
      const file = join(work, `block-${i}.mjs`);
      writeFileSync(file, code);
      result = await runShell(`node ${file}`, work, env);
    } else {
      result = await runShell(code, work, env);
    }
    const output = `${where}\n$ ${code}\n${result.stdout}\n${result.stderr}`;
    expect(result.code, output).toBe(0);
    expect(result.stdout.trim().length, output).toBeGreaterThan(0);
    expect(result.stdout, output).not.toMatch(/"severity":"(error|fatal)"|Cannot (GET|POST)/);
    if (/admin\/reset/.test(code)) {
      // The reset empties the mailboxes (the 271 of the SFTP example is gone) and publishes one fresh set.
      const outbound = join(dataDir, 'sftp', 'mailboxes', 'partner', 'outbound');
      expect(readdirSync(join(outbound, '271')), where).toEqual([]);
      expect(readdirSync(join(outbound, '834')), where).toHaveLength(1);
    }
  }
});
