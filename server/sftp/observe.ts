import type { Counter } from 'prom-client';
import type { SftpEvent, SftpEventListener } from './events.js';

/** The two counters of server/ops/metrics.ts the drop feeds (`cdg_sftp_sessions_total`, `cdg_sftp_files_total`). */
export interface SftpCounters {
  sftpSessions: Counter<'result'>;
  sftpFiles: Counter<'direction' | 'type'>;
}

/** A pino-like logger (only the methods used). */
export interface SftpLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Turns drop events into Prometheus counts and log lines: sessions by result (ok/refused),
 * files by direction (in/out/published) and type (834, 837P, 271, ... or `x12` for uploads).
 * Log lines carry paths and sizes only, never contents.
 */
export function observeSftp(targets: { metrics?: SftpCounters; logger?: SftpLogger }): SftpEventListener {
  const { metrics, logger } = targets;
  return (event: SftpEvent) => {
    switch (event.type) {
      case 'session-opened':
        metrics?.sftpSessions.inc({ result: 'ok' });
        logger?.info(event, 'sftp session opened');
        return;
      case 'auth-refused':
        metrics?.sftpSessions.inc({ result: 'refused' });
        logger?.warn(event, 'sftp authentication refused');
        return;
      case 'file-downloaded':
        metrics?.sftpFiles.inc({ direction: 'out', type: typeFromPath(event.path) });
        logger?.info(event, 'sftp download');
        return;
      case 'file-uploaded':
        metrics?.sftpFiles.inc({ direction: 'in', type: 'x12' });
        logger?.info(event, 'sftp upload');
        return;
      case 'file-published':
        metrics?.sftpFiles.inc({ direction: 'published', type: event.kind });
        logger?.info(event, 'sftp file dropped');
        return;
      case 'upload-discarded':
      case 'inbound-failed':
      case 'error':
        logger?.warn(event, `sftp ${event.type}`);
        return;
      default:
        logger?.info(event, `sftp ${event.type}`);
    }
  };
}

function typeFromPath(path: string): string {
  return /\/([0-9A-Z]+)_\d{8}_/.exec(path)?.[1] ?? 'other';
}
