import { execFile } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { connect, names, partnerKey, usePublishedDrop, waitForNewFile } from './harness.js';
import { inquiry270, someSubscriber } from './fixture.js';

const run = promisify(execFile);
const hasSftp = spawnSync('sh', ['-c', 'command -v sftp'], { encoding: 'utf8' }).status === 0;
if (!hasSftp) console.warn('skipping the OpenSSH sftp batch test: `sftp` is not on PATH (install openssh-client; .ci/run does)');

describe.skipIf(!hasSftp)('OpenSSH sftp in batch mode with key auth', () => {
  const env = usePublishedDrop();

  it('lists, downloads and uploads with the command documented in the README', async () => {
    const dir = env.drop.dataDir;
    const key = join(dir, 'partner_ed25519');
    await writeFile(key, partnerKey.private, { mode: 0o600 });
    await writeFile(join(dir, 'request.x12'), inquiry270(someSubscriber(env.world.store), 'CLITRACE1'), 'latin1');
    await writeFile(
      join(dir, 'batch'),
      [`lcd ${dir}`, 'cd /outbound/834', 'ls -l', 'get 834_*', 'put request.x12 /inbound/request.x12', 'bye', ''].join('\n'),
    );
    const watcher = await connect(env.drop.port, { username: 'keyed', privateKey: partnerKey.private });
    const before271 = await names(watcher, '/outbound/271');
    const [published] = await names(watcher, '/outbound/834');

    const { stdout } = await run(
      'sftp',
      ['-b', join(dir, 'batch'), '-i', key, '-P', String(env.drop.port), '-oStrictHostKeyChecking=no', '-oUserKnownHostsFile=/dev/null', '-oBatchMode=yes', '-oLogLevel=ERROR', 'keyed@127.0.0.1'],
      { timeout: 20_000 },
    );
    expect(stdout).toContain(published);
    const downloaded = await readFile(join(dir, published!), 'utf8');
    expect(downloaded).toBe(((await watcher.get(`/outbound/834/${published}`)) as Buffer).toString('utf8'));
    const answer = await waitForNewFile(watcher, '/outbound/271', before271);
    expect(answer).toMatch(/^271_/);
    expect(((await watcher.get(`/outbound/271/${answer}`)) as Buffer).toString('latin1')).toContain('TRN*2*CLITRACE1*');
    await watcher.end();
  });
});
