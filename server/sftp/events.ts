/** What the SFTP server reports to an optional observer (metrics, logs). Never carries file contents or passwords. */
export type SftpEvent =
  | { type: 'session-opened'; account: string; method: 'password' | 'publickey'; remote: string }
  | { type: 'session-closed'; account: string }
  | { type: 'auth-refused'; username: string; method: string; remote: string }
  | { type: 'file-downloaded'; account: string; path: string; bytes: number }
  | { type: 'file-removed'; account: string; path: string }
  | { type: 'file-uploaded'; account: string; path: string; bytes: number }
  | { type: 'upload-discarded'; account: string; path: string; reason: 'too-large' | 'disconnected' }
  | { type: 'file-published'; account: string; path: string; kind: string; controlNumber: string; bytes: number }
  | { type: 'inbound-processed'; account: string; path: string; bytes: number; responses: string[] }
  | { type: 'inbound-failed'; account: string; path: string; error: string }
  | { type: 'error'; account?: string; error: string };

export type SftpEventListener = (event: SftpEvent) => void;
