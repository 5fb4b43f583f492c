/** The database behind STORE=postgres cannot be used: unreachable, login refused, missing, or a malformed URL. */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** The URL as it may be shown: user, host, port and database, never the password. */
export function describeDatabaseUrl(databaseUrl: string): string | undefined {
  try {
    const url = new URL(databaseUrl);
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return undefined;
    url.password = '';
    url.search = '';
    return url.toString();
  } catch {
    return undefined;
  }
}

/** Why opening the database failed, in one line naming it (connection error code, or the server's message). */
export function storeUnavailable(databaseUrl: string, error: unknown): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  const where = describeDatabaseUrl(databaseUrl);
  if (!where) return new StoreUnavailableError('DATABASE_URL is not a postgres:// or postgresql:// URL');
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // Socket errors carry a code such as ECONNREFUSED; the server's errors (SQLSTATE codes) a readable message.
  const reason = typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : typeof message === 'string' && message ? message : String(error);
  return new StoreUnavailableError(`cannot use the PostgreSQL database ${where} (${reason}): check DATABASE_URL and that the database is up`);
}
