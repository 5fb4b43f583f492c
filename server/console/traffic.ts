import type { SftpEvent } from '../sftp/events.js';

/** One X12 document seen crossing a face. Metadata only: never the document's contents. */
export interface TrafficEntry {
  /** Increasing per log; lets a client ask only for what is new. */
  seq: number;
  at: string;
  channel: 'http' | 'sftp';
  direction: 'in' | 'out';
  /** Transaction set (270, 271, 834, 837, 837P, 999, TA1, ...) or `x12` for an upload not yet read. */
  kind: string;
  controlNumber?: string;
  bytes?: number;
  /** SFTP account. */
  account?: string;
  /** Request path (HTTP) or mailbox path (SFTP). */
  path?: string;
  /** What happened: answered with ..., rejected, downloaded, ... */
  note?: string;
}

type NewEntry = Omit<TrafficEntry, 'seq' | 'at'>;

/** The recent EDI traffic over HTTP and SFTP, for the console (GET /console/api/traffic). */
export interface TrafficLog {
  /** An inbound HTTP interchange (270/837 POST) and the documents it was answered with. */
  httpInbound(path: string, kind: string, bytes: number | undefined, answers: Array<{ kind: string; controlNumber: string; bytes?: Buffer }>): void;
  /** An outbound HTTP document (GET /edi/834, ...). */
  httpOutbound(path: string, kind: string, controlNumber: string, bytes: number): void;
  /** An SFTP drop event (wire as the drop's onEvent, beside metrics and logs). */
  sftp(event: SftpEvent): void;
  /** Newest first; at most `limit`, only entries after `since` when given. */
  recent(options?: { limit?: number; since?: number }): TrafficEntry[];
}

/**
 * A bounded in-memory ring buffer of EDI traffic: the last `capacity` entries, oldest overwritten, so memory
 * stays fixed however long the server runs. Lost on restart (a view for humans, not an audit log).
 */
export function createTrafficLog(capacity = 200, clock: () => Date = () => new Date()): TrafficLog {
  const ring: TrafficEntry[] = [];
  let seq = 0;
  const add = (entry: NewEntry): void => {
    seq += 1;
    const full: TrafficEntry = { seq, at: clock().toISOString(), ...entry };
    ring[(seq - 1) % capacity] = full;
  };
  return {
    httpInbound(path, kind, bytes, answers) {
      const rejected = answers.some((a) => a.kind === 'TA1') || !answers.some((a) => a.kind === '271' || a.kind === '277CA');
      add({ channel: 'http', direction: 'in', kind, bytes, path, note: `${rejected ? 'rejected' : 'accepted'}; answered ${answers.map((a) => a.kind).join(', ') || 'nothing'}` });
      for (const a of answers) add({ channel: 'http', direction: 'out', kind: a.kind, controlNumber: a.controlNumber, bytes: a.bytes?.length, path, note: `answer to ${kind}` });
    },
    httpOutbound(path, kind, controlNumber, bytes) {
      add({ channel: 'http', direction: 'out', kind, controlNumber, bytes, path, note: 'emitted' });
    },
    sftp(event) {
      const entry = fromSftp(event);
      if (entry) add(entry);
    },
    recent(options = {}) {
      const limit = Math.max(0, Math.min(options.limit ?? capacity, capacity));
      const out: TrafficEntry[] = [];
      for (let s = seq; s > Math.max(0, seq - capacity) && out.length < limit; s--) {
        const entry = ring[(s - 1) % capacity];
        if (options.since !== undefined && entry.seq <= options.since) break;
        out.push(entry);
      }
      return out;
    },
  };
}

/** The SFTP events that move a document; sessions and refusals are not EDI traffic. */
function fromSftp(event: SftpEvent): NewEntry | undefined {
  const sftp = { channel: 'sftp' as const };
  switch (event.type) {
    case 'file-uploaded':
      return { ...sftp, direction: 'in', kind: 'x12', bytes: event.bytes, account: event.account, path: event.path, note: 'uploaded' };
    case 'inbound-processed':
      return { ...sftp, direction: 'in', kind: 'x12', bytes: event.bytes, account: event.account, path: event.path, note: `processed; answered ${event.responses.join(', ') || 'nothing'}` };
    case 'inbound-failed':
      return { ...sftp, direction: 'in', kind: 'x12', account: event.account, path: event.path, note: `failed: ${event.error}` };
    case 'upload-discarded':
      return { ...sftp, direction: 'in', kind: 'x12', account: event.account, path: event.path, note: `discarded (${event.reason})` };
    case 'file-published':
      return { ...sftp, direction: 'out', kind: event.kind, controlNumber: event.controlNumber, bytes: event.bytes, account: event.account, path: event.path, note: 'dropped in mailbox' };
    case 'file-downloaded':
      return { ...sftp, direction: 'out', kind: /\/([0-9A-Z]+)_\d{8}_/.exec(event.path)?.[1] ?? 'x12', bytes: event.bytes, account: event.account, path: event.path, note: 'downloaded' };
    default:
      return undefined;
  }
}
