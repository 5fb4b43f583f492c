import type { Request, Response } from 'express';
import type { OperationOutcome } from 'fhir/r4';
import { normalizeError, statusOf } from '../fhir/outcomes.js';
import type { SftpServer } from './sftp-server.js';

/** Not a transient 503: retrying will not help until the server runs with its drop. */
const DROP_DISABLED: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', details: { text: 'The SFTP drop is disabled (--no-sftp)' } }] };

/**
 * Express handler for `POST /admin/publish`: drops a fresh set of the outbound kinds (834/837P/837I/837D/835) into every mailbox and
 * answers 200 `{ files: [{ account, path, kind, controlNumber, bytes }] }`, 503 when SFTP is disabled
 * (`sftp` undefined or returning undefined), or 422 when the store refuses to read the whole population at once. Errors
 * are FHIR OperationOutcomes like the rest of /admin, from the one mapping of errors to outcomes (fhir/outcomes.ts).
 */
export function publishRoute(sftp: SftpServer | undefined | (() => SftpServer | undefined)) {
  return async (_req: Request, res: Response): Promise<void> => {
    const server = typeof sftp === 'function' ? sftp() : sftp;
    if (!server) {
      res.status(503).type('application/fhir+json').json(DROP_DISABLED);
      return;
    }
    try {
      res.json({ files: await server.publish() });
    } catch (error) {
      const problem = normalizeError(error);
      res.status(statusOf(problem)).type('application/fhir+json').json(problem);
    }
  };
}
