const outcome = { 'application/fhir+json': { schema: { type: 'object', description: 'OperationOutcome' } } };
const async = { name: 'Prefer', in: 'header', required: true, schema: { type: 'string', example: 'respond-async' }, description: 'respond-async (required); add handling=lenient to have unsupported parameters ignored' };
const query = [
  { name: '_outputFormat', in: 'query', required: false, schema: { type: 'string', enum: ['application/fhir+ndjson', 'application/ndjson', 'ndjson'] } },
  { name: '_since', in: 'query', required: false, schema: { type: 'string', format: 'date-time' }, description: 'Only resources changed after this instant' },
  { name: '_type', in: 'query', required: false, schema: { type: 'string' }, description: 'Comma-separated resource types' },
];
const job = { name: 'job', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const kickOff = (summary: string, extra: object[] = []) => ({
  get: {
    summary,
    tags: ['bulk data'],
    parameters: [...extra, async, ...query],
    responses: {
      '202': { description: 'Accepted; poll the Content-Location URL', headers: { 'Content-Location': { schema: { type: 'string' } } }, content: outcome },
      '400': { description: 'No Prefer: respond-async, or a parameter refused', content: outcome },
      '404': { description: 'No such Group', content: outcome },
    },
  },
});

/** FHIR Bulk Data export (https://hl7.org/fhir/uv/bulkdata/export.html) as OpenAPI 3.0 path items. */
export const BULK_DATA_PATHS = {
  '/fhir/$export': kickOff('Bulk Data export of every resource (system level)'),
  '/fhir/Patient/$export': kickOff("Bulk Data export of every patient's compartment"),
  '/fhir/Group/{id}/$export': kickOff("Bulk Data export of a Group's members' compartments", [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: 'grp-diabetes' }]),
  '/fhir/$export-poll-status/{job}': {
    get: {
      summary: 'Export status: 202 with X-Progress and Retry-After while running, 200 with the completion manifest when done',
      tags: ['bulk data'],
      parameters: [job],
      responses: {
        '200': { description: 'Manifest: transactionTime, request, requiresAccessToken, output[{type,url,count}], error[]', content: { 'application/json': { schema: { type: 'object' } } } },
        '202': { description: 'In progress', headers: { 'X-Progress': { schema: { type: 'string' } }, 'Retry-After': { schema: { type: 'integer' } } } },
        '404': { description: 'Unknown, cancelled or expired', content: outcome },
        '500': { description: 'The export failed', content: outcome },
      },
    },
    delete: { summary: 'Cancels the export and deletes its files', tags: ['bulk data'], parameters: [job], responses: { '202': { description: 'Cancelled', content: outcome }, '404': { description: 'Unknown, cancelled or expired', content: outcome } } },
  },
  '/fhir/$export-file/{job}/{name}': {
    get: {
      summary: 'One NDJSON file of a completed export',
      tags: ['bulk data'],
      parameters: [job, { name: 'name', in: 'path', required: true, schema: { type: 'string', example: 'Patient.ndjson' } }],
      responses: { '200': { description: 'NDJSON, one resource per line', content: { 'application/fhir+ndjson': { schema: { type: 'string' } } } }, '404': { description: 'No such file', content: outcome } },
    },
  },
};
