import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthContext } from 'ssh2';
import type { ResolvedAccount } from './accounts.js';

/** Methods offered after every refusal; OpenSSH stops trying when the list is empty. */
const METHODS: Array<'publickey' | 'password'> = ['publickey', 'password'];
/** Failed password/signature attempts before the connection is dropped. */
const MAX_FAILURES = 6;
/** Compared against when the account has no password. */
const UNUSABLE = '\u0000no-password\u0000';

export interface AuthOutcome {
  /** Set when the client is now authenticated as this account. */
  account?: ResolvedAccount;
  /** A real attempt (password or signed key) failed. */
  refused: boolean;
  tooManyFailures: boolean;
}

/**
 * Returns a per-server authenticator for ssh2 `authentication` events: password (constant-time compare)
 * and publickey (key must be listed for the account, and its signature must verify).
 * RFC 4252 sections 7 (publickey) and 8 (password). Unknown users get the same answer as wrong passwords.
 */
export function createAuthenticator(accounts: Map<string, ResolvedAccount>) {
  /** `state` is per connection: it counts that connection's failures. */
  return function authenticate(ctx: AuthContext, state: { failures: number }): AuthOutcome {
    const account = accounts.get(ctx.username);
    const refuse = (counts: boolean): AuthOutcome => {
      if (counts) state.failures += 1;
      ctx.reject(METHODS);
      return { refused: counts, tooManyFailures: state.failures >= MAX_FAILURES };
    };
    if (ctx.method === 'password') {
      // Compare even for unknown users, so response time does not tell which account names exist.
      const matches = samePassword(ctx.password, account?.password ?? UNUSABLE);
      if (account?.password !== undefined && matches) {
        ctx.accept();
        return { account, refused: false, tooManyFailures: false };
      }
      return refuse(true);
    }
    if (ctx.method === 'publickey') {
      const key = account?.keys.find((k) => k.getPublicSSH().equals(ctx.key.data));
      if (!account || !key) return refuse(ctx.signature !== undefined);
      // Without a signature the client only asks whether this key would do (RFC 4252 section 7).
      if (!ctx.signature || !ctx.blob) {
        ctx.accept();
        return { refused: false, tooManyFailures: false };
      }
      if (key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return refuse(true);
      ctx.accept();
      return { account, refused: false, tooManyFailures: false };
    }
    return refuse(false);
  };
}

function samePassword(given: string, expected: string): boolean {
  // Hash first so lengths match and timing says nothing about the expected password.
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
