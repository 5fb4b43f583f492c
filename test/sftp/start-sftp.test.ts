import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../server/ops/metrics.js';
import { loadSettings } from '../../server/ops/settings.js';
import { startSftp } from '../../server/sftp/index.js';
import { connect, names, partnerKey } from './harness.js';
import { ediWorld } from './fixture.js';

describe('startSftp (what cdg serve calls)', () => {
  it('configures the drop from the settings table, reads the authorized_keys file and feeds the metrics', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cdg-sftp-start-'));
    const world = await ediWorld();
    let running: Awaited<ReturnType<typeof startSftp>> | undefined;
    try {
      const keysFile = join(dataDir, 'authorized_keys');
      await writeFile(keysFile, `${partnerKey.public.split(' ').slice(0, 2).join(' ')} keyholder@ci\n`);
      const settings = loadSettings({ SFTP_USERS: 'alice:wonderland:PAYER1', SFTP_AUTHORIZED_KEYS: keysFile, DATA_DIR: dataDir, HOST: '127.0.0.1' }, {});
      const metrics = createMetrics({ defaultMetrics: false });
      running = await startSftp({ settings: { ...settings, sftpPort: 0 }, documents: world.documents, metrics });
      const { sftp, port, fingerprint } = running;
      expect(fingerprint).toMatch(/^SHA256:/);
      expect(sftp.accounts().sort()).toEqual(['alice', 'keyholder']);
      const published = await sftp.publish();
      expect(published.filter((f) => f.account === 'alice').map((f) => f.kind)).toEqual(['834', '837P', '837I', '837D', '835']);
      const a = await connect(port, { username: 'alice', password: 'wonderland' });
      expect(await names(a, '/outbound/834')).toHaveLength(1);
      await a.end();
      const k = await connect(port, { username: 'keyholder', privateKey: partnerKey.private });
      await k.end();
      await expect(connect(port, { username: 'alice', password: 'nope' })).rejects.toThrow();
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/cdg_sftp_sessions_total\{result="ok"\} 2/);
      expect(text).toMatch(/cdg_sftp_sessions_total\{result="refused"\} 1/);
      expect(text).toMatch(/cdg_sftp_files_total\{direction="published",type="834"\} 2/);
    } finally {
      await running?.sftp.close();
      await world.store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
