/**
 * The `cdg` command line: `cdg generate` (NDJSON + members.csv export) and `cdg serve` (the HTTP server).
 * Flags come from the settings table (server/ops/settings.ts), so every flag has an environment variable,
 * a documented default and one validation; a bad value exits with code 2 and a message naming flag and value.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, Option } from 'commander';
import { StoreUnavailableError } from '../data-store/index.js';
import { validatePopulationConfig } from '../population/config.js';
import { stateByCode } from '../population/data/us-states.js';
import { defaultThreads } from '../population/parallel.js';
import { exportPopulation, formatSummary } from './export/export-population.js';
import { DATASETS, DatasetExportError, exportDataset, type DatasetExport } from './api/export-dataset.js';
import { ensureOutputDir, OutputDirError } from './export/output-dir.js';
import { loadSettings, SETTINGS, SettingsError, type SettingSpec, type Settings } from './ops/settings.js';
import { forceExitAfter } from './ops/shutdown.js';
// Not the sftp barrel: that loads ssh2, which only a server with the drop needs (start.ts imports it then).
import { SftpConfigError } from './sftp/config-error.js';
import { populationConfigFrom, populationRegenerated, startServer, type RunningServer } from './start.js';
import { plural, startReporter } from './start-report.js';
import { packageVersion } from './version.js';
import { OUTBOUND_SETS } from '../edi/gateway.js';

/** The kinds the SFTP drop publishes (the outbound rows of the transaction-set table), e.g. 834/837P/837I/835. */
const PUBLISHED = OUTBOUND_SETS.map((t) => t.kind).join('/');

/** Exit code for invalid usage (bad flag or value), as in BSD sysexits' EX_USAGE convention for CLIs. */
export const EXIT_USAGE = 2;

/** A command that cannot run as asked: one line on stderr, then `exitCode` (usage: 2). */
class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Reads `.env` from the working directory (or the file named by CDG_ENV_FILE; empty turns it off) into `env`,
 * as Docker Compose does: variables already set in the real environment win. Returns what was read, if anything.
 */
function loadDotEnv(env: NodeJS.ProcessEnv): { path: string; count: number } | undefined {
  const name = env.CDG_ENV_FILE ?? '.env';
  if (name === '') return undefined;
  const path = resolve(name);
  if (!existsSync(path)) {
    if (env.CDG_ENV_FILE !== undefined) throw new UsageError(`CDG_ENV_FILE = ${JSON.stringify(name)}: no such file`);
    return undefined;
  }
  let parsed: NodeJS.Dict<string>;
  try {
    parsed = parseEnv(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let count = 0;
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] === undefined && value !== undefined) {
      env[key] = value;
      count++;
    }
  }
  return { path, count };
}

/** Settings that shape the population; `cdg generate` offers only these (plus --out). */
const GENERATE_KEYS: ReadonlyArray<keyof Settings> = ['patients', 'seed', 'asOf', 'historyYears', 'state', 'minAge', 'maxAge', 'includeAddress', 'threads'];

const VALUE_NAME: Record<SettingSpec['type'], string> = { int: 'n', string: 'value', bool: '', date: 'YYYY-MM-DD', list: 'a,b', level: 'level' };

/** Adds one commander option per setting and returns how to read the raw values back. */
function addSettingOptions(command: Command, specs: readonly SettingSpec[]): (opts: Record<string, unknown>) => Partial<Record<keyof Settings, string>> {
  const readers: Array<(opts: Record<string, unknown>, out: Partial<Record<keyof Settings, string>>) => void> = [];
  for (const spec of specs) {
    const name = spec.flag.replace(/^--/, '');
    const where = `env ${spec.env}, default: ${spec.default === '' ? 'none' : spec.default}`;
    if (spec.type === 'bool') {
      const on = new Option(`--${name}`, `${spec.description} (${where})`);
      const off = new Option(`--no-${name}`, `turn off --${name}`);
      command.addOption(on).addOption(off);
      const attr = on.attributeName();
      readers.push((opts, out) => {
        if (opts[attr] !== undefined) out[spec.key] = String(opts[attr]);
      });
    } else {
      const option = new Option(`--${name} <${VALUE_NAME[spec.type]}>`, `${spec.description} (${where})`);
      command.addOption(option);
      const attr = option.attributeName();
      readers.push((opts, out) => {
        if (typeof opts[attr] === 'string') out[spec.key] = opts[attr] as string;
      });
    }
  }
  return (opts) => {
    const out: Partial<Record<keyof Settings, string>> = {};
    for (const read of readers) read(opts, out);
    return out;
  };
}

/** Adds the flag where a message names a setting only by its variable, e.g. `MIN_AGE (50)` -> `MIN_AGE (--min-age) = 50`. */
function withFlagNames(message: string): string {
  let out = message;
  for (const spec of SETTINGS) out = out.replace(new RegExp(`\\b${spec.env} \\(([^)-][^)]*)\\)`, 'g'), `${spec.env} (${spec.flag}) = $1`);
  return out;
}

function resolveSettings(overrides: Partial<Record<keyof Settings, string>>, env: NodeJS.ProcessEnv): Settings {
  const settings = loadSettings(env, overrides);
  const problems = validatePopulationConfig(populationConfigFrom(settings));
  if (settings.state !== '' && !stateByCode(settings.state)) {
    problems.push(`STATE (--state) = ${JSON.stringify(settings.state)}: not a US state or DC USPS code`);
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

/** `cdg generate --format <fmt>`: the generation API's file(s) for `--patients` records, into --out. */
async function runDatasetExport(settings: Settings, dataset: string, format: string, out: string, gzip: boolean, filters: DatasetExport['filters']): Promise<void> {
  const started = performance.now();
  let files;
  try {
    files = await exportDataset({
      dataset, format, records: settings.patients, seed: settings.seed, asOf: settings.asOf, historyYears: settings.historyYears,
      state: settings.state, minAge: settings.minAge, maxAge: settings.maxAge, includeAddress: settings.includeAddress, gzip, out, filters,
    });
  } catch (error) {
    throw error instanceof DatasetExportError ? new SettingsError([error.message]) : error;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`Wrote ${files.map((f) => `${f.name} (${f.count} records, ${f.bytes} bytes)`).join(', ')} to ${out} in ${seconds} s\n`);
}

async function runGenerate(settings: Settings, out: string, gzip: boolean): Promise<void> {
  const config = populationConfigFrom(settings);
  ensureOutputDir(out);
  const bar = process.stderr.isTTY
    ? new SingleBar({ stream: process.stderr, format: 'Generating [{bar}] {percentage}% | {value}/{total} patients | {duration}s', hideCursor: true })
    : undefined;
  bar?.start(config.patients, 0);
  try {
    const summary = await exportPopulation(config, {
      out,
      threads: settings.threads || defaultThreads(),
      gzip,
      onProgress: (done) => bar?.update(done),
    });
    bar?.stop();
    process.stdout.write(`${formatSummary(summary)}\n`);
  } catch (error) {
    bar?.stop();
    throw error;
  }
}

async function runServe(settings: Settings): Promise<void> {
  const onReady = (url: string): void => {
    const what = populationRegenerated(settings, settings.patients)
      ? `${plural(settings.patients, 'patient')} regenerated on demand (GET ${url}/health/ready shows the indexes building)`
      : `while ${plural(settings.patients, 'patient')} load (GET ${url}/health/ready shows progress)`;
    process.stdout.write(`cdg: serving reads on ${url} ${what}\n`);
  };
  const running = await startServer(settings, { onProgress: startReporter(process.stderr), onReady });
  process.stdout.write(readyLines(running, settings));
  if (running.admin.generated) {
    process.stdout.write(`cdg admin token (set ADMIN_TOKEN to choose one): ${running.admin.token}\n`);
  } else if (running.admin.token === '') {
    process.stdout.write(`cdg admin API disabled: listening on ${settings.host} without ADMIN_TOKEN\n`);
  }
  const stop = (signal: string): void => {
    process.stdout.write(`cdg: ${signal} received, shutting down\n`);
    forceExitAfter(settings.shutdownTimeoutMs, () => process.stderr.write(`cdg: shutdown took longer than ${settings.shutdownTimeoutMs} ms; exiting now\n`));
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`cdg: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** The ready message: what is served and where (README "What is served where"). */
function readyLines(running: RunningServer, settings: Settings): string {
  const { config, generationSeconds, resources } = running.population;
  const { url } = running;
  const regenerated = populationRegenerated(settings, config.patients);
  const how = regenerated
    ? `regenerated on demand, seed ${config.seed}, as of ${config.asOf}, store opened in ${generationSeconds.toFixed(1)} s`
    : `${resources} resources, seed ${config.seed}, as of ${config.asOf}, generated and loaded in ${generationSeconds.toFixed(1)} s`;
  const lines = [
    `cdg serving ${plural(config.patients, 'patient')} (${how}) at ${url}`,
    `  FHIR R4 base  ${url}/fhir  (CapabilityStatement: ${url}/fhir/metadata)`,
    `  X12 EDI       ${url}/edi  (GET /edi/834, /edi/837?type=P, /edi/835; POST /edi/270, /edi/837)`,
  ];
  if (running.sftp) {
    const account = settings.sftpUsers[0]?.split(':', 1)[0] ?? 'partner';
    const published = regenerated ? 'nothing published at start with POPULATION_MODE=regenerated' : `a fresh ${PUBLISHED} set is in /outbound of every mailbox`;
    lines.push(`  SFTP drop     sftp://${account}@${settings.host}:${running.sftp.port}  (host key ${running.sftp.fingerprint}; ${published})`);
  } else {
    lines.push('  SFTP drop     off (--no-sftp)');
  }
  lines.push(`  Web console   ${url}/`, `  API docs      ${url}/api/docs  (OpenAPI: ${url}/api/openapi.json)`);
  return `${lines.join('\n')}\n`;
}

/** Builds the `cdg` program (exported for tests: `--help` output, flag parsing). */
function buildProgram(env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command('cdg')
    .description('Clinical Data Generator: a seeded synthetic FHIR R4 population served as FHIR REST and X12 5010 EDI')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const generate = program
    .command('generate')
    .description('Generate a population and write FHIR Bulk Data NDJSON (one <ResourceType>.ndjson per type) and members.csv')
    .option('--out <dir>', 'Output directory (created if missing)', 'cdg-export')
    .option('--gzip', 'Write <ResourceType>.ndjson.gz (gzip, streamed) instead of .ndjson', false)
    .option('--format <format>', 'bulk (the NDJSON export above), or a file format of the generation API: csv, json, ndjson, fhir, edi, protobuf, parquet', 'bulk')
    .option('--dataset <name>', `With --format other than bulk: ${[...DATASETS.keys()].join(', ')} (--patients is then the record count)`, 'members')
    .option('--gender <gender>', 'With --format other than bulk: only members of this gender (male, female, other, unknown), as the API\'s gender')
    .option('--race <codes>', 'With --format other than bulk: only members of these races (OMB race keys or codes, comma-separated), as the API\'s race_filter')
    .option('--ethnicity <code>', 'With --format other than bulk: only members of this ethnicity (hispanic, not-hispanic or its OMB code), as the API\'s ethnicity_filter')
    .option('--conditions <list>', 'With --format other than bulk: only members with these conditions (diabetes, hypertension, ... or ICD-10-CM codes), as the API\'s conditions');
  const readGenerate = addSettingOptions(generate, SETTINGS.filter((s) => GENERATE_KEYS.includes(s.key)));
  generate.action(async (opts: Record<string, unknown>) => {
    const settings = resolveSettings(readGenerate(opts), env);
    const filters = { gender: opts.gender, race: opts.race, ethnicity: opts.ethnicity, conditions: opts.conditions } as DatasetExport['filters'];
    const filtered = Object.values(filters ?? {}).some((v) => v !== undefined);
    if (opts.format === 'bulk' && filtered) throw new SettingsError(['--gender, --race, --ethnicity and --conditions need --format other than bulk (the bulk export is the whole population)']);
    if (opts.format === 'bulk') await runGenerate(settings, String(opts.out), opts.gzip === true);
    else await runDatasetExport(settings, String(opts.dataset), String(opts.format), String(opts.out), opts.gzip === true, filters);
  });

  const serve = program.command('serve').description('Generate a population and serve it over HTTP (FHIR R4, X12 EDI, admin, health)');
  const readServe = addSettingOptions(serve, SETTINGS);
  serve.action(async (opts: Record<string, unknown>) => {
    await runServe(resolveSettings(readServe(opts), env));
  });
  program
    .command('publish')
    .description(`Ask a running server to drop a fresh ${PUBLISHED} set into every SFTP mailbox (POST /admin/publish)`)
    .option('--url <url>', 'Base URL of the running server (env CDG_URL)', env.CDG_URL ?? `http://127.0.0.1:${env.PORT ?? '8080'}`)
    .option('--admin-token <token>', 'The server\'s admin token (env ADMIN_TOKEN; printed by serve when generated)', env.ADMIN_TOKEN)
    .action(async (opts: { url: string; adminToken?: string }) => {
      await runPublish(opts.url, opts.adminToken);
    });
  return program;
}

async function runPublish(url: string, adminToken: string | undefined): Promise<void> {
  let target: URL;
  try {
    target = new URL('/admin/publish', url);
  } catch {
    throw new UsageError(`--url = ${JSON.stringify(url)}: must be an http(s) URL`);
  }
  let response: Response;
  try {
    response = await fetch(target, { method: 'POST', headers: adminToken ? { Authorization: `Bearer ${adminToken}` } : {} });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new UsageError(`cannot reach ${target.origin} (${cause?.code ?? cause?.message ?? String(error)}): is \`cdg serve\` running there? (--url or CDG_URL)`);
  }
  const body = (await response.json().catch(() => ({}))) as { files?: Array<{ account: string; path: string }>; issue?: Array<{ diagnostics?: string; details?: { text?: string } }> };
  const why = body.issue?.[0]?.diagnostics ?? body.issue?.[0]?.details?.text ?? response.statusText;
  if (!response.ok) throw new UsageError(`publish failed (${response.status}): ${why}`, 1);
  for (const file of body.files ?? []) process.stdout.write(`${file.account}:${file.path}\n`);
  process.stdout.write(`published ${body.files?.length ?? 0} files\n`);
}

/** One line on stderr for an error and its exit code: 2 for what the user can fix, 1 for the unexpected. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version end here with exit code 0; usage errors were already printed by commander.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof SettingsError || error instanceof SftpConfigError || error instanceof OutputDirError || error instanceof StoreUnavailableError) {
    process.stderr.write(`cdg: ${withFlagNames(error.message)}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`cdg: ${error.message}\n`);
    return error.exitCode;
  }
  const { code, path, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    if (syscall === 'listen') {
      const { address, port } = error as { address?: string; port?: number };
      process.stderr.write(`cdg: cannot listen on ${address ?? ''}:${port ?? ''} (${code}); choose another --port / --sftp-port\n`);
      return 1;
    }
  }
  if (code !== undefined && path !== undefined) {
    // A file the command needed (output, data dir, key file): the path and the reason, no stack.
    process.stderr.write(`cdg: cannot ${syscall ?? 'use'} ${path} (${code})\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`cdg: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/** Runs the CLI; resolves to the process exit code (never calls process.exit itself except from signal handlers). */
async function main(argv: readonly string[] = process.argv): Promise<number> {
  try {
    const dotenv = loadDotEnv(process.env);
    if (dotenv && dotenv.count > 0) process.stderr.write(`cdg: read ${plural(dotenv.count, 'setting')} from ${dotenv.path} (the environment wins)\n`);
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

const code = await main();
// `serve` keeps running (the server holds the event loop); only set the exit code for finished commands.
if (code !== 0) process.exit(code);
