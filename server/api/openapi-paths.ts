import { CLAIMS } from './datasets/claims.js';
import { DIAGNOSTIC_REPORTS } from './datasets/diagnostic-reports.js';
import { ELIGIBILITY } from './datasets/eligibility.js';
import { MEMBERS } from './datasets/members.js';
import type { Dataset } from './datasets/types.js';
import { VACCINES } from './datasets/vaccines.js';

const json = { 'application/json': { schema: { $ref: '#/components/schemas/GenerationEnvelope' } } };
const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } };
const q = (name: string, schema: object, description: string): object => ({ name, in: 'query', required: false, schema, description });

/** The common parameters (issue #14), as query parameters; POST routes take the same names in a JSON body. */
const COMMON = [
  q('record_count', { type: 'integer', minimum: 1 }, 'Records to make (1..MAX_RECORDS_PER_REQUEST, default setting 100,000; default 10,000)'),
  q('seed', { type: 'string' }, 'Seed of the request population (default: the server\'s SEED); the same parameters give the same records'),
  q('include_metadata', { type: 'boolean' }, 'Add how the records were chosen (seed, as-of, filters, candidates scanned) to the envelope and JSON files'),
  q('age_range', { type: 'string', example: '18-64' }, 'Ages MIN-MAX in years (0-110)'),
  q('gender', { type: 'string', enum: ['male', 'female', 'other', 'unknown'] }, 'FHIR AdministrativeGender'),
  q('state', { type: 'string', example: 'TX' }, 'Two-letter USPS state code'),
  q('race_filter', { type: 'string', example: 'asian' }, 'white, black, aian, asian, nhpi, other or OMB race codes (comma-separated: any of them)'),
  q('ethnicity_filter', { type: 'string', enum: ['hispanic', 'not-hispanic'] }, 'OMB ethnicity'),
  q('include_address', { type: 'boolean' }, 'Give members addresses (default true)'),
  q('conditions', { type: 'string', example: 'diabetes' }, 'Only members with an active condition among these (chronic-condition keys or ICD-10-CM codes, comma-separated)'),
  q('compress', { type: 'string', enum: ['gzip'] }, 'Store the file gzipped (downloads are also gzip-encoded for clients sending Accept-Encoding: gzip)'),
  q('async', { type: 'boolean' }, 'Answer 202 with the job at once (also Prefer: respond-async; always above 1000 records)'),
];

function generationPath(dataset: Dataset, summary: string, method: 'get' | 'post', extra: object[] = [], bodyOnly: object = {}, formats = dataset.formats): object {
  const parameters = [...COMMON, q('output_format', { type: 'string', enum: formats, default: formats[0] }, 'Output format'), ...extra];
  return {
    [method]: {
      summary,
      tags: ['generation'],
      parameters,
      ...(method === 'post' ? { requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', description: 'The query parameters, as JSON', properties: bodyOnly } } } } } : {}),
      responses: {
        '200': { description: 'Generated: the envelope with the download URL', content: json },
        '202': { description: 'Running as a job: poll Location (/api/v1/jobs/{id})', content: json },
        '400': { description: 'A parameter is wrong (error.details.parameter names it)', content: errorBody },
        '503': { description: 'Generation took longer than GENERATION_TIMEOUT_SECONDS', content: errorBody },
      },
    },
  };
}

const jobId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

/** OpenAPI 3.0 path items of /api/v1. */
export const GENERATION_API_PATHS = {
  '/api/v1/members/csv': {
    get: {
      ...(generationPath(MEMBERS, 'Members as CSV (members_num = record_count); the file itself unless Accept asks for JSON', 'get', [q('members_num', { type: 'integer', minimum: 1 }, 'Members (same as record_count)')], {}, ['csv']) as { get: object }).get,
      responses: { '200': { description: 'members.csv (RFC 4180), or the envelope for Accept: application/json', content: { 'text/csv': { schema: { type: 'string' } }, ...json } }, '400': { description: 'Bad parameter', content: errorBody } },
    },
  },
  '/api/v1/members/edi': {
    get: {
      ...(generationPath(MEMBERS, 'Members as an 834 (005010X220A1); the file itself unless Accept asks for JSON', 'get', [], {}, ['edi']) as { get: object }).get,
      responses: { '200': { description: 'The 834, or the envelope for Accept: application/json', content: { 'application/edi-x12': { schema: { type: 'string' } }, ...json } }, '400': { description: 'Bad parameter', content: errorBody } },
    },
  },
  '/api/v1/members': { ...generationPath(MEMBERS, 'Members in any format', 'get'), ...generationPath(MEMBERS, 'Members in any format', 'post') },
  '/api/v1/edi/claims': generationPath(CLAIMS, 'Claims as an 837P/837I (or FHIR Claim, rows)', 'post', [
    q('claim_count', { type: 'integer', minimum: 1 }, 'Claims (same as record_count)'),
    q('claim_type', { type: 'string', enum: ['professional', 'institutional'] }, '837P or 837I'),
    q('segments', { type: 'integer', minimum: 1, maximum: 999 }, 'Most service lines (LX loops) per claim: 1-50 for 837P, 1-999 for 837I'),
    q('optional_fields', { type: 'string' }, 'Optional record columns to fill (patient_id, payer_id, billing_npi, line_count, status); all when absent'),
  ], { claim_data: { type: 'object', description: 'Principal ICD-10-CM diagnosis and CPT code put on every claim; codes not in our code tables are a 400 naming them', properties: { diagnosis_code: { type: 'string', example: 'E11.9' }, service_code: { type: 'string', example: '99213' } } } }),
  '/api/v1/fhir/diagnostic-reports': generationPath(DIAGNOSTIC_REPORTS, 'Lab DiagnosticReports with their Observations', 'post'),
  '/api/v1/vaccines': generationPath(VACCINES, 'COVID-19 vaccinations (Immunization) with CVX and MVX codes', 'post', [
    q('entries', { type: 'integer', minimum: 1 }, 'Immunizations (same as record_count)'),
    q('vaccine_type', { type: 'string', enum: ['pfizer', 'moderna', 'janssen', 'novavax'] }, 'Product (case-insensitive; CVX codes accepted); each member draws one when absent'),
    q('dose_number', { type: 'integer', minimum: 1, maximum: 4 }, 'Only this dose; the whole primary series when absent'),
  ]),
  '/api/v1/eligibility': generationPath(ELIGIBILITY, '270 inquiries and this server\'s 271 answers (two files), or one JSON record per member', 'post'),
  '/api/v1/jobs': { get: { summary: 'Generation jobs', tags: ['generation'], responses: { '200': { description: 'Jobs', content: json } } } },
  '/api/v1/jobs/{id}': {
    get: { summary: 'A job: state (queued, running, completed, failed, cancelled, expired), percent, counts, files', tags: ['generation'], parameters: [jobId], responses: { '200': { description: 'Job', content: json }, '404': { description: 'No such job', content: errorBody } } },
    delete: { summary: 'Cancel a job and delete its files', tags: ['generation'], parameters: [jobId], responses: { '200': { description: 'Cancelled', content: json }, '404': { description: 'No such job', content: errorBody } } },
  },
  '/api/v1/files': { get: { summary: 'Files kept (until RETENTION_HOURS after their job finished)', tags: ['generation'], responses: { '200': { description: 'Files', content: json } } } },
  '/api/v1/files/{job}/{name}': {
    get: {
      summary: 'Download a file (local and memory storage; S3 files are downloaded from presigned URLs)',
      tags: ['generation'],
      parameters: [{ name: 'job', in: 'path', required: true, schema: { type: 'string' } }, { name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'The file' }, '404': { description: 'No such file', content: errorBody }, '410': { description: 'Expired', content: errorBody } },
    },
  },
};

export const GENERATION_API_SCHEMAS = {
  GenerationEnvelope: {
    type: 'object',
    properties: {
      success: { type: 'boolean' },
      data: { type: 'object', properties: { id: { type: 'string' }, download_url: { type: 'string' }, record_count: { type: 'integer' }, format: { type: 'string' }, file_size_bytes: { type: 'integer' }, generated_at: { type: 'string', format: 'date-time' } } },
      meta: { type: 'object', properties: { version: { type: 'string' }, request_id: { type: 'string' } } },
    },
  },
  ErrorEnvelope: {
    type: 'object',
    properties: {
      success: { type: 'boolean', enum: [false] },
      error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } } },
      meta: { type: 'object' },
    },
  },
};
