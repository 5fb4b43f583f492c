import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS, SettingsError, loadSettings, renderEnvExample } from '../../server/ops/settings.js';

describe('settings', () => {
  it('uses the documented defaults when nothing is set', () => {
    const s = loadSettings({});
    expect(s.port).toBe(8080);
    expect(s.sftpPort).toBe(2222);
    expect(s.patients).toBe(300);
    expect(s.seed).toBe('42');
    expect(s.asOf).toBe('2026-01-01');
    expect(s.rateLimitEnabled).toBe(false);
    expect(s.maxRecordsPerRequest).toBe(100_000);
    expect(s.searchMaxCount).toBe(1000);
  });

  it('reads every variable from the environment, flags winning over it', () => {
    const s = loadSettings(
      { PORT: '9000', SEED: 'abc', PATIENTS: '12', AS_OF: '2025-06-30', CORS_ORIGINS: 'http://a.test, http://b.test', RATE_LIMIT_ENABLED: 'true', LOG_LEVEL: 'warn' },
      { port: '9100' },
    );
    expect(s.port).toBe(9100);
    expect(s.seed).toBe('abc');
    expect(s.patients).toBe(12);
    expect(s.asOf).toBe('2025-06-30');
    expect(s.corsOrigins).toEqual(['http://a.test', 'http://b.test']);
    expect(s.rateLimitEnabled).toBe(true);
    expect(s.logLevel).toBe('warn');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PATIENTS: '0' }, 'PATIENTS'],
    [{ AS_OF: '2026-02-30' }, 'AS_OF'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RATE_LIMIT_ENABLED: 'maybe' }, 'RATE_LIMIT_ENABLED'],
    [{ STATE: 'Texas' }, 'STATE'],
    [{ SFTP_USERS: 'alice' }, 'SFTP_USERS'],
    [{ MIN_AGE: '60', MAX_AGE: '20' }, 'MIN_AGE'],
    [{ BODY_LIMIT: '20 megs' }, 'BODY_LIMIT'],
    [{ STORAGE_TYPE: 'ftp' }, 'STORAGE_TYPE'],
    [{ STORAGE_TYPE: 's3' }, 'S3_BUCKET_NAME'],
    [{ RETENTION_HOURS: '0' }, 'RETENTION_HOURS'],
  ])('rejects %o naming the variable and the value', (env, name) => {
    let error: unknown;
    try {
      loadSettings(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).toContain(name);
    const value = Object.values(env)[0];
    expect((error as Error).message).toContain(value);
  });

  it('checks STORE and DATABASE_URL without ever repeating the URL (it may hold a password)', () => {
    expect(loadSettings({})).toMatchObject({ store: 'embedded', databaseUrl: '' });
    const pg = loadSettings({ STORE: 'postgres', DATABASE_URL: 'postgresql://cdg:secret@db:5432/cdg' });
    expect(pg).toMatchObject({ store: 'postgres', databaseUrl: 'postgresql://cdg:secret@db:5432/cdg' });
    const problem = (env: Record<string, string>) => {
      try {
        loadSettings(env);
      } catch (e) {
        expect(e).toBeInstanceOf(SettingsError);
        return (e as Error).message;
      }
      throw new Error(`accepted ${JSON.stringify(env)}`);
    };
    expect(problem({ STORE: 'mysql' })).toContain('STORE (--store) = "mysql": must be embedded or postgres');
    expect(problem({ STORE: 'postgres' })).toContain('STORE (--store) = "postgres" needs DATABASE_URL (--database-url)');
    const bad = problem({ STORE: 'postgres', DATABASE_URL: 'mysql://cdg:secret@db/cdg' });
    expect(bad).toContain('DATABASE_URL (--database-url): must be a postgres:// or postgresql:// URL');
    expect(bad).not.toContain('secret');
  });

  it('.env.example lists every variable with its default', () => {
    const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    expect(text).toBe(renderEnvExample());
    for (const spec of SETTINGS) expect(text).toContain(`${spec.env}=${spec.default}`);
  });
});
