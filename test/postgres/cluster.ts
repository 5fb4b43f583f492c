import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's postgresql package puts each major version's binaries here (postgresql-common). */
const DEBIAN_ROOT = '/usr/lib/postgresql';

export interface Cluster {
  /** A superuser URL of the cluster's `postgres` database, over TCP on 127.0.0.1. */
  url: string;
  stop(): Promise<void>;
}

/** The bin directory of the newest PostgreSQL installed the Debian way, or an error saying how to get one. */
function binDir(): string {
  const versions = existsSync(DEBIAN_ROOT) ? readdirSync(DEBIAN_ROOT).filter((v) => existsSync(join(DEBIAN_ROOT, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`PostgreSQL is not installed (no ${DEBIAN_ROOT}/*/bin/initdb): apt-get install postgresql (.ci/run does)`);
  return join(DEBIAN_ROOT, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL cluster in a temporary directory: initdb, then the server on a free port of
 * 127.0.0.1 with its socket in that directory. PostgreSQL refuses to run as root, so as root it runs as the
 * `postgres` user the package creates. fsync is off: the cluster is thrown away, and the tests are about what the
 * servers see, not about surviving power cuts.
 */
export async function startCluster(): Promise<Cluster> {
  const bin = binDir();
  const dir = await mkdtemp(join(tmpdir(), 'cdg-pg-'));
  const asRoot = process.getuid?.() === 0;
  const as = async (file: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, file), ...args]) : run(join(bin, file), args));
  if (asRoot) {
    const ids = await run('id', ['-u', 'postgres']).then(async (u) => [Number(u.stdout), Number((await run('id', ['-g', 'postgres'])).stdout)]);
    await chown(dir, ids[0], ids[1]);
  }
  const data = join(dir, 'data');
  const stop = async () => {
    await as('pg_ctl', ['stop', '-D', data, '-m', 'immediate']).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await as('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    const port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
    await as('pg_ctl', ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options]);
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
