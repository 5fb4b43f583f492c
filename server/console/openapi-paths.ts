import { OUTBOUND_SETS } from '../../edi/gateway.js';
const json = { 'application/json': { schema: { type: 'object' } } };
const problem = { 'application/problem+json': { schema: { type: 'object' } } };
const patientId = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Patient id, e.g. pt-000001' };

/** The console's read-only JSON (OpenAPI 3.0 path items), listed with the rest of the non-FHIR API. */
export const CONSOLE_API_PATHS = {
  '/console/api/overview': {
    get: { summary: 'Population overview: age pyramid, chronic-condition prevalence vs the generator targets, coverage by payer/plan, claims by month, CARC', tags: ['console'], responses: { '200': { description: 'Overview', content: json } } },
  },
  '/console/api/traffic': {
    get: {
      summary: 'Recent EDI documents over HTTP and SFTP (in-memory ring buffer, newest first; metadata only)',
      tags: ['console'],
      parameters: [
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } },
        { name: 'since', in: 'query', required: false, schema: { type: 'integer' }, description: 'Only entries after this seq' },
      ],
      responses: { '200': { description: 'Entries', content: json }, '400': { description: 'Bad parameter', content: problem } },
    },
  },
  '/console/api/codes': { get: { summary: 'Meanings of TA1, 999, 271 AAA and 835 CAS codes', tags: ['console'], responses: { '200': { description: 'Code lists by element', content: json } } } },
  '/console/api/patients/{id}/member': {
    get: { summary: 'A member as X12 names them (member id, payer id, plan)', tags: ['console'], parameters: [patientId], responses: { '200': { description: 'Member', content: json }, '404': { description: 'No such patient', content: problem } } },
  },
  '/console/api/patients/{id}/x12/{kind}': {
    get: {
      summary: "The member's slice of an 834, 837P, 837I or 835",
      tags: ['console'],
      parameters: [patientId, { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: OUTBOUND_SETS.map((t) => t.kind) } }],
      responses: { '200': { description: 'X12', content: { 'application/edi-x12': { schema: { type: 'string' } } } }, '404': { description: 'No such patient', content: problem } },
    },
  },
};
