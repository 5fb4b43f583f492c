import type { Socket } from 'node:net';

const REASONS: Record<number, string> = { 400: 'Bad Request', 431: 'Request Header Fields Too Large' };

/**
 * Answers a request node:http refused before any handler saw it (request line and headers over its 16 KB limit,
 * or a malformed request) with the status node would send, plus an OperationOutcome body, instead of an empty one.
 * https://nodejs.org/api/http.html#event-clienterror https://hl7.org/fhir/R4/http.html#Status-Codes
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const text = tooLarge
    ? 'The request line and headers are larger than the server accepts (16 KB); send a long search as POST [type]/_search with a form body'
    : 'Malformed HTTP request';
  const body = JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: tooLarge ? 'too-long' : 'structure', details: { text } }] });
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/fhir+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
