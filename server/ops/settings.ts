import { parseTradingPartners } from '../../edi/options.js';
import { describeDatabaseUrl } from '../../data-store/postgres/store-unavailable.js';

/**
 * Every runtime setting in one table: its environment variable, CLI flag, default and check.
 * The CLI, `.env.example` and the README config table are all derived from it, so they cannot drift.
 */
export type SettingType = 'int' | 'string' | 'bool' | 'date' | 'list' | 'level';

export interface SettingSpec {
  key: keyof Settings;
  env: string;
  flag: string;
  type: SettingType;
  default: string;
  description: string;
  /** Extra check beyond the type; returns a problem description or undefined. */
  check?: (value: unknown) => string | undefined;
  /** Canonical form of the raw value before it is parsed (e.g. a state code in any case). */
  normalize?: (raw: string) => string;
  /** The value may hold a password: problems name the setting, never the value. */
  secret?: boolean;
}

export interface Settings {
  port: number;
  host: string;
  sftpPort: number;
  sftpEnabled: boolean;
  sftpUsers: string[];
  sftpAuthorizedKeys: string;
  sftpHostKey: string;
  sftpMaxFileSize: number;
  ediUsage: string;
  ediSenderId: string;
  ediPartners: string[];
  seed: string;
  patients: number;
  asOf: string;
  historyYears: number;
  state: string;
  minAge: number;
  maxAge: number;
  includeAddress: boolean;
  threads: number;
  dataDir: string;
  store: 'embedded' | 'postgres';
  populationMode: 'auto' | 'kept' | 'regenerated';
  databaseUrl: string;
  logLevel: string;
  corsOrigins: string[];
  rateLimitEnabled: boolean;
  rateLimitWindowMs: number;
  rateLimitMax: number;
  maxRecordsPerRequest: number;
  searchMaxCount: number;
  bodyLimit: string;
  shutdownTimeoutMs: number;
  loadWaitSeconds: number;
  validationTimeoutMs: number;
  adminToken: string;
  generationTimeoutSeconds: number;
  retentionHours: number;
  storageType: string;
  storageDir: string;
  s3BucketName: string;
  s3Endpoint: string;
  s3Region: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const between = (min: number, max: number) => (v: unknown) =>
  typeof v === 'number' && v >= min && v <= max ? undefined : `must be ${min}-${max}`;
const matching = (pattern: RegExp, what: string) => (v: unknown) =>
  typeof v === 'string' && pattern.test(v) ? undefined : `must be ${what}`;
const port = between(0, 65535);
const BYTE_SIZE = /^(\d+)(b|kb|mb|gb)?$/i;
const BYTE_UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;

/** Bytes in a size like `512kb` or `20mb` (binary units, as express's body limits read them); undefined when malformed. */
export function parseByteSize(size: string): number | undefined {
  const m = BYTE_SIZE.exec(size);
  return m ? Number(m[1]) * BYTE_UNITS[(m[2] ?? 'b').toLowerCase() as keyof typeof BYTE_UNITS] : undefined;
}
const positive = between(1, Number.MAX_SAFE_INTEGER);
const partnersProblem = (v: unknown): string | undefined => {
  try {
    parseTradingPartners(Array.isArray(v) ? v.map(String) : []);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

export const SETTINGS: readonly SettingSpec[] = [
  { key: 'port', env: 'PORT', flag: '--port', type: 'int', default: '8080', description: 'HTTP port (FHIR, EDI, admin, health, metrics)', check: port },
  { key: 'host', env: 'HOST', flag: '--host', type: 'string', default: '127.0.0.1', description: 'Interface to listen on (0.0.0.0 in containers)' },
  { key: 'sftpPort', env: 'SFTP_PORT', flag: '--sftp-port', type: 'int', default: '2222', description: 'SFTP drop port', check: port },
  { key: 'sftpEnabled', env: 'SFTP_ENABLED', flag: '--sftp', type: 'bool', default: 'true', description: 'Run the embedded SFTP server (--no-sftp disables it)' },
  { key: 'sftpUsers', env: 'SFTP_USERS', flag: '--sftp-users', type: 'list', default: 'partner:partner', description: 'SFTP accounts as name:password[:payer-id][,...] (payer-id limits the partner to one payer)' },
  { key: 'sftpAuthorizedKeys', env: 'SFTP_AUTHORIZED_KEYS', flag: '--sftp-authorized-keys', type: 'string', default: '', description: 'Path of an authorized_keys file; the key comment names the account' },
  { key: 'sftpHostKey', env: 'SFTP_HOST_KEY', flag: '--sftp-host-key', type: 'string', default: '', description: 'Path of the SFTP host private key (default: generated once into DATA_DIR)' },
  { key: 'sftpMaxFileSize', env: 'SFTP_MAX_FILE_SIZE', flag: '--sftp-max-file-size', type: 'int', default: '67108864', description: 'Largest accepted upload in bytes', check: positive },
  { key: 'ediUsage', env: 'EDI_USAGE', flag: '--edi-usage', type: 'string', default: 'T', description: 'ISA15 of the X12 we send: T (test) or P (production); a partner may set its own', check: matching(/^[PT]$/, 'P or T') },
  { key: 'ediSenderId', env: 'EDI_SENDER_ID', flag: '--edi-sender-id', type: 'string', default: 'CDGHEALTHPLAN', description: 'Our X12 interchange id (ISA06, GS02) unless a partner sets its own', check: matching(/^[\x21-\x7e][\x20-\x7e]{0,14}$/, '1-15 printable characters') },
  { key: 'ediPartners', env: 'EDI_PARTNERS', flag: '--edi-partners', type: 'list', default: '', description: 'X12 trading partners as name:receiver-id[:P|T[:sender-id]][,...] (ISA08, ISA15, ISA06 of what GET /edi/*?partner=name sends them)', check: partnersProblem },
  { key: 'seed', env: 'SEED', flag: '--seed', type: 'string', default: '42', description: 'Population seed: the same seed gives the same population' },
  { key: 'patients', env: 'PATIENTS', flag: '--patients', type: 'int', default: '300', description: 'Number of patients to generate', check: between(1, 10_000_000) },
  { key: 'asOf', env: 'AS_OF', flag: '--as-of', type: 'date', default: '2026-01-01', description: 'As-of date all generated dates are relative to' },
  { key: 'historyYears', env: 'HISTORY_YEARS', flag: '--history-years', type: 'int', default: '3', description: 'Years of encounter history before the as-of date', check: between(0, 30) },
  { key: 'state', env: 'STATE', flag: '--state', type: 'string', default: '', description: 'Restrict addresses to one US state (two-letter code, any case)', check: matching(/^([A-Z]{2})?$/, 'a two-letter USPS code'), normalize: (raw) => raw.trim().toUpperCase() },
  { key: 'minAge', env: 'MIN_AGE', flag: '--min-age', type: 'int', default: '0', description: 'Youngest patient age in years', check: between(0, 110) },
  { key: 'maxAge', env: 'MAX_AGE', flag: '--max-age', type: 'int', default: '110', description: 'Oldest patient age in years', check: between(0, 110) },
  { key: 'includeAddress', env: 'INCLUDE_ADDRESS', flag: '--address', type: 'bool', default: 'true', description: 'Give patients addresses (--no-address leaves them out)' },
  { key: 'threads', env: 'THREADS', flag: '--threads', type: 'int', default: '0', description: 'Worker threads for cdg generate (0 = automatic: one per core); serve generates on the main thread as it loads', check: between(0, 256) },
  { key: 'dataDir', env: 'DATA_DIR', flag: '--data-dir', type: 'string', default: '.cdg-data', description: 'Where client writes, control numbers, the SFTP host key and mailboxes are kept' },
  { key: 'store', env: 'STORE', flag: '--store', type: 'string', default: 'embedded', description: 'Where client writes are kept: embedded (a log in DATA_DIR) or postgres (DATABASE_URL, shared by several servers)', check: matching(/^(embedded|postgres)$/, 'embedded or postgres') },
  { key: 'populationMode', env: 'POPULATION_MODE', flag: '--population-mode', type: 'string', default: 'auto', description: 'How the generated population is held: kept (every resource in memory, every search), regenerated (records regenerated on demand, searches narrowed by patient, identifier, demographics or code; millions of patients), or auto (kept when it fits the heap)', check: matching(/^(auto|kept|regenerated)$/, 'auto, kept or regenerated') },
  { key: 'databaseUrl', env: 'DATABASE_URL', flag: '--database-url', type: 'string', default: '', description: 'PostgreSQL database of STORE=postgres, as postgresql://user:password@host:5432/database', check: (v) => (v === '' || describeDatabaseUrl(String(v)) ? undefined : 'must be a postgres:// or postgresql:// URL'), secret: true },
  { key: 'logLevel', env: 'LOG_LEVEL', flag: '--log-level', type: 'level', default: 'info', description: `Log level (${LOG_LEVELS.join(', ')})` },
  { key: 'corsOrigins', env: 'CORS_ORIGINS', flag: '--cors-origins', type: 'list', default: '', description: 'Comma-separated origins allowed by CORS ("*" for any; empty: CORS off)' },
  { key: 'rateLimitEnabled', env: 'RATE_LIMIT_ENABLED', flag: '--rate-limit', type: 'bool', default: 'false', description: 'Rate-limit requests per client IP' },
  { key: 'rateLimitWindowMs', env: 'RATE_LIMIT_WINDOW_MS', flag: '--rate-limit-window-ms', type: 'int', default: '60000', description: 'Rate-limit window in milliseconds', check: positive },
  { key: 'rateLimitMax', env: 'RATE_LIMIT_MAX', flag: '--rate-limit-max', type: 'int', default: '1000', description: 'Requests allowed per client per window', check: positive },
  { key: 'maxRecordsPerRequest', env: 'MAX_RECORDS_PER_REQUEST', flag: '--max-records-per-request', type: 'int', default: '100000', description: 'Largest record_count of one /api/v1 generation request (default record_count 10,000; FHIR search pages: SEARCH_MAX_COUNT)', check: positive },
  { key: 'searchMaxCount', env: 'SEARCH_MAX_COUNT', flag: '--search-max-count', type: 'int', default: '1000', description: 'Largest _count of a FHIR search page (a larger _count is cut to it)', check: positive },
  { key: 'bodyLimit', env: 'BODY_LIMIT', flag: '--body-limit', type: 'string', default: '20mb', description: 'Largest request body (e.g. 20mb)', check: (v) => (typeof v === 'string' && parseByteSize(v) !== undefined ? undefined : 'must be a size like 512kb or 20mb') },
  { key: 'adminToken', env: 'ADMIN_TOKEN', flag: '--admin-token', type: 'string', default: '', description: 'Bearer token for /admin/* (empty: generated and printed at start on loopback; admin disabled beyond loopback)' },
  { key: 'shutdownTimeoutMs', env: 'SHUTDOWN_TIMEOUT_MS', flag: '--shutdown-timeout-ms', type: 'int', default: '10000', description: 'Longest a SIGTERM/SIGINT shutdown takes: in-flight requests get most of it, then the process exits regardless', check: positive },
  { key: 'loadWaitSeconds', env: 'LOAD_WAIT_SECONDS', flag: '--load-wait-seconds', type: 'int', default: '5', description: 'While the population loads after start (reads of its ids are served at once), how long any other request waits for it before 503 with Retry-After', check: between(0, 3600) },
  { key: 'generationTimeoutSeconds', env: 'GENERATION_TIMEOUT_SECONDS', flag: '--generation-timeout-seconds', type: 'int', default: '300', description: 'Longest a generation job (/api/v1) may run before it fails with a timeout', check: positive },
  { key: 'retentionHours', env: 'RETENTION_HOURS', flag: '--retention-hours', type: 'int', default: '24', description: 'Hours generated files are kept before they are deleted', check: positive },
  { key: 'storageType', env: 'STORAGE_TYPE', flag: '--storage-type', type: 'string', default: 'local', description: 'Where generated files go: local (a directory), memory, or s3 (a bucket)', check: matching(/^(local|memory|s3)$/, 'local, memory or s3') },
  { key: 'storageDir', env: 'STORAGE_DIR', flag: '--storage-dir', type: 'string', default: '', description: 'Directory of STORAGE_TYPE=local (default: DATA_DIR/files)' },
  { key: 's3BucketName', env: 'S3_BUCKET_NAME', flag: '--s3-bucket-name', type: 'string', default: '', description: 'Bucket of STORAGE_TYPE=s3 (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE)' },
  { key: 's3Endpoint', env: 'S3_ENDPOINT', flag: '--s3-endpoint', type: 'string', default: '', description: 'URL of an S3-compatible server (MinIO, Ceph, s3rver); empty: AWS' },
  { key: 's3Region', env: 'S3_REGION', flag: '--s3-region', type: 'string', default: 'us-east-1', description: 'Region of the S3 bucket' },
  { key: 'validationTimeoutMs', env: 'VALIDATION_TIMEOUT_MS', flag: '--validation-timeout-ms', type: 'int', default: '10000', description: 'Longest the validation of one write may run (on a worker thread) before it is refused with 422 too-costly', check: positive },
];

/** A bad setting value: the message names the variable/flag and the value. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'SettingsError';
  }
}

function parseValue(spec: SettingSpec, raw: string): { value?: unknown; problem?: string } {
  const where = `${spec.env} (${spec.flag}) = ${JSON.stringify(raw)}`;
  switch (spec.type) {
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) return { problem: `${where}: must be a whole number` };
      return { value: Number.parseInt(raw, 10) };
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return { value: true };
      if (['false', '0', 'no', 'off'].includes(v)) return { value: false };
      return { problem: `${where}: must be true or false` };
    }
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) || new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) !== raw) {
        return { problem: `${where}: must be a date YYYY-MM-DD` };
      }
      return { value: raw };
    }
    case 'list':
      return { value: raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0) };
    case 'level':
      return LOG_LEVELS.includes(raw) ? { value: raw } : { problem: `${where}: must be one of ${LOG_LEVELS.join(', ')}` };
    default:
      return { value: raw };
  }
}

/**
 * Resolves settings: explicit overrides (CLI flags, raw strings) win over the environment, which wins
 * over defaults. Throws SettingsError naming every bad value.
 */
export function loadSettings(env: NodeJS.ProcessEnv | Record<string, string | undefined>, overrides: Partial<Record<keyof Settings, string>> = {}): Settings {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const spec of SETTINGS) {
    const given = overrides[spec.key] ?? env[spec.env] ?? spec.default;
    const raw = spec.normalize ? spec.normalize(given) : given;
    const { value, problem } = parseValue(spec, raw);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const extra = spec.check?.(value);
    if (extra) problems.push(`${spec.env} (${spec.flag})${spec.secret ? '' : ` = ${JSON.stringify(given)}`}: ${extra}`); // as the user wrote it
    out[spec.key] = value;
  }
  const settings = out as unknown as Settings;
  if (problems.length === 0 && settings.minAge > settings.maxAge) {
    problems.push(`MIN_AGE (${settings.minAge}) must not exceed MAX_AGE (${settings.maxAge})`);
  }
  if (problems.length === 0 && settings.store === 'postgres' && settings.databaseUrl === '') {
    problems.push('STORE (--store) = "postgres" needs DATABASE_URL (--database-url)');
  }
  if (problems.length === 0 && settings.storageType === 's3' && settings.s3BucketName === '') {
    problems.push('STORAGE_TYPE=s3 needs S3_BUCKET_NAME (--s3-bucket-name)');
  }
  if (problems.length === 0) {
    for (const user of settings.sftpUsers) {
      const i = user.indexOf(':');
      if (i <= 0 || i === user.length - 1) problems.push(`SFTP_USERS entry ${JSON.stringify(user)}: must be name:password`);
    }
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

/** The `.env.example` text: every variable with its default and description. */
export function renderEnvExample(): string {
  const lines = [
    '# Clinical Data Generator configuration. Every variable is optional; shown with its default.',
    '# `cp .env.example .env`: `cdg` (npm start) reads .env from the working directory and Docker Compose from',
    '# beside docker-compose.yml; a variable set in the environment wins over .env, and a flag over both.',
    '',
  ];
  for (const spec of SETTINGS) {
    lines.push(`# ${spec.description} (flag ${spec.flag})`);
    lines.push(`${spec.env}=${spec.default}`);
    lines.push('');
  }
  return lines.join('\n');
}
