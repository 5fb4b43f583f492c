import type { Server } from 'node:http';

/**
 * Graceful stop for SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish
 * (idle keep-alive sockets are closed at once), then run the closers (flush the store, close SFTP).
 * After `timeoutMs` the remaining connections are cut.
 */
export async function gracefulShutdown(server: Server, closers: Array<() => Promise<void>>, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
  timer.unref();
  await closed;
  clearTimeout(timer);
  for (const close of closers) await close();
}
