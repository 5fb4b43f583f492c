import type { Request, Response } from 'express';
import { StoreError } from '../../data-store/store.js';
import type { SftpServer } from './sftp-server.js';

/**
 * Express handler for `POST /admin/publish`: drops a fresh set of the outbound kinds (834/837P/837I/837D/835) into every mailbox and
 * answers 200 `{ files: [{ account, path, kind, controlNumber, bytes }] }`, 503 when SFTP is disabled
 * (`sftp` undefined or returning undefined), or 422 when the store refuses to read the whole population at once. Errors are FHIR OperationOutcomes like the rest of /admin.
 */
export function publishRoute(sftp: SftpServer | undefined | (() => SftpServer | undefined)) {
  return async (_req: Request, res: Response): Promise<void> => {
    const server = typeof sftp === 'function' ? sftp() : sftp;
    if (!server) {
      res.status(503).type('application/fhir+json').json(outcome('error', 'not-supported', 'The SFTP drop is disabled (--no-sftp)'));
      return;
    }
    try {
      res.json({ files: await server.publish() });
    } catch (error) {
      if (error instanceof StoreError && error.code === 'too-costly') {
        res.status(422).type('application/fhir+json').json(outcome('error', 'too-costly', `publish refused: ${error.message}`));
        return;
      }
      res.status(500).type('application/fhir+json').json(outcome('error', 'exception', `publish failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  };
}

function outcome(severity: string, code: string, text: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics: text }] };
}
