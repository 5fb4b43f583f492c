import type { Server } from 'node:http';

/**
 * Graceful stop for SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish
 * (idle keep-alive sockets are closed at once), then run the closers (flush the store, close SFTP).
 * Connections still open when most of `timeoutMs` has passed are cut, leaving the rest of it to the closers;
 * the CLI ends the process at `timeoutMs` whatever is still running (see forceExitAfter).
 */
export async function gracefulShutdown(server: Server, closers: Array<() => Promise<void>>, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), Math.max(0, timeoutMs - Math.min(2000, timeoutMs / 4)));
  timer.unref();
  await closed;
  clearTimeout(timer);
  for (const close of closers) await close();
}

/** Ends the process `timeoutMs` from now unless it has ended by itself: SIGTERM always wins over stuck work. */
export function forceExitAfter(timeoutMs: number, onForce: () => void): void {
  setTimeout(() => {
    onForce();
    process.exit(1);
  }, timeoutMs).unref();
}
