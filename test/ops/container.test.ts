import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SETTINGS } from '../../server/ops/settings.js';

// No container engine runs in CI, so the compose file and Dockerfile are checked for structure.
const root = new URL('../../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<string, { build?: { context: string; dockerfile: string }; image?: string; profiles?: string[]; ports?: string[]; volumes?: string[]; healthcheck?: { test: string[] }; env_file?: unknown; environment?: Record<string, unknown> }>;
    volumes?: Record<string, unknown>;
  };
  const service = compose.services.cdg;

  it('defines the cdg service built from the Dockerfile', () => {
    expect(service).toBeDefined();
    expect(service.build?.dockerfile).toBe('Dockerfile');
  });

  it('publishes HTTP 8080 and SFTP 2222', () => {
    expect(service.ports).toEqual(expect.arrayContaining(['8080:8080', '2222:2222']));
  });

  it('checks health on /health/loaded, so dependants start once the whole population is served', () => {
    expect(service.healthcheck?.test.join(' ')).toContain('/health/loaded');
  });

  it('keeps the data dir on a named volume', () => {
    expect(service.volumes).toContain('cdg-data:/data');
    expect(compose.volumes).toHaveProperty('cdg-data');
    expect(service.environment?.DATA_DIR).toBe('/data');
  });

  it('takes every other setting from .env or the shell by substitution, with its default (any Compose version)', () => {
    // `env_file: [{ path, required: false }]` needs Compose >= 2.24 (v1.29 rejects it); a plain `env_file: .env`
    // fails when the file is missing. `${VAR:-default}` reads the optional .env in every version.
    expect(service.env_file).toBeUndefined();
    const fixed = new Set(['HOST', 'PORT', 'SFTP_PORT', 'DATA_DIR']);
    const passed = SETTINGS.filter((spec) => !fixed.has(spec.env));
    expect(passed.length).toBeGreaterThan(10);
    for (const spec of passed) expect(service.environment?.[spec.env], spec.env).toBe(`\${${spec.env}:-${spec.default}}`);
  });
});

describe('docker-compose.yml postgres profile', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, { image?: string; profiles?: string[]; volumes?: string[]; healthcheck?: { test: string[] }; environment?: Record<string, string> }>; volumes?: Record<string, unknown> };
  const postgres = compose.services.postgres;

  it('runs PostgreSQL for STORE=postgres only under the postgres profile; the app needs no profile', () => {
    expect(postgres?.profiles).toEqual(['postgres']);
    expect(postgres.image).toMatch(/^postgres:\d+$/);
    expect(postgres.healthcheck?.test).toContain('pg_isready');
    expect(compose.services.cdg.profiles).toBeUndefined();
  });

  it('keeps the database on a named volume', () => {
    expect(postgres.volumes).toContain('cdg-postgres:/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty('cdg-postgres');
  });

  it('is reached by the DATABASE_URL the README gives for it', () => {
    const env = postgres.environment ?? {};
    const password = /^\$\{POSTGRES_PASSWORD:-(.*)\}$/.exec(env.POSTGRES_PASSWORD ?? '')?.[1];
    const url = `postgresql://${env.POSTGRES_USER}:${password}@postgres:5432/${env.POSTGRES_DB}`;
    expect(read('README.md')).toContain(`STORE=postgres DATABASE_URL=${url} docker compose --profile postgres up`);
  });
});

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const stages = text.split('\n').filter((l) => /^FROM\s/i.test(l));

  it('is based on a supported Node LTS, the same in both stages and in package.json engines', () => {
    const majors = stages.map((l) => /^FROM node:(\d+)/i.exec(l)?.[1]);
    expect(majors.every((m) => m === '24'), stages.join('\n')).toBe(true);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines).toContain('24');
  });

  it('is multi-stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/AS build/i);
  });

  it('runs as a non-root user in the final stage', () => {
    const finalStage = text.slice(text.lastIndexOf('\nFROM '));
    expect(finalStage).toMatch(/^USER (?!root)\S+/m);
  });

  it('exposes 8080 and 2222, declares the data volume and a readiness healthcheck', () => {
    expect(text).toMatch(/^EXPOSE 8080 2222$/m);
    expect(text).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(text).toMatch(/HEALTHCHECK[\s\S]*\/health\/loaded/);
  });

  it('copies into the build stage every script `npm run build` runs (prepare runs it under npm ci)', () => {
    const buildStage = text.slice(0, text.lastIndexOf('\nFROM '));
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.prepare).toBe('npm run build');
    const run = [...scripts.build.matchAll(/\bnode (\S+\.js)\b/g)].map((m) => m[1]);
    expect(run).toContain('scripts/bundle.js');
    for (const file of run) expect(buildStage, file).toMatch(new RegExp(`^COPY ${file.split('/')[0]} \\./${file.split('/')[0]}$`, 'm'));
  });

  it('copies only paths that exist in the repository', () => {
    for (const line of text.split('\n').filter((l) => /^COPY (?!--from)/.test(l))) {
      const sources = line.replace(/^COPY\s+/, '').split(/\s+/).slice(0, -1);
      for (const source of sources) expect(() => readFileSync(new URL(source, root))).not.toThrow(/ENOENT/);
    }
  });
});
