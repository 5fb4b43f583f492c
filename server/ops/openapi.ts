import express from 'express';
import { CONSOLE_API_PATHS } from '../console/openapi-paths.js';
import { BULK_DATA_PATHS } from '../bulk/openapi-paths.js';
import { SCENARIO_PATHS } from '../api/scenarios-openapi.js';
import { ediOpenApiPaths } from '../edi/openapi-paths.js';
import { GENERATION_API_PATHS, GENERATION_API_SCHEMAS } from '../api/openapi-paths.js';

const json = (schema: object) => ({ 'application/json': { schema } });
const outcome = { 'application/fhir+json': { schema: { $ref: '#/components/schemas/OperationOutcome' } } };
/** What every /admin operation needs and may answer besides its own result (server/ops/admin-guard.ts). */
const adminAccess = {
  security: [{ adminToken: [] }],
  '401': { description: 'Missing or wrong bearer token', content: outcome },
  '403': { description: 'Cross-site request, or admin disabled (listening beyond loopback without ADMIN_TOKEN)', content: outcome },
};
const admin = (op: { summary: string; responses: Record<string, object> }) => {
  const { security, ...refusals } = adminAccess;
  return { ...op, tags: ['admin'], security, responses: { ...op.responses, ...refusals } };
};

const ADMIN_TOKEN_SCHEME = { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN, or the token printed at start when it is unset (loopback only)' };

/** The /admin operations, each behind the admin bearer token. */
const ADMIN_PATHS = {
  '/admin/reset': {
    post: admin({ summary: 'Drop every client write (FHIR and EDI) and return to the seeded population; empty the SFTP outbound folders and publish a fresh set', responses: { '200': { description: 'Reset done', content: outcome } } }),
  },
  '/admin/publish': {
    post: admin({
      summary: 'Drop a fresh set of outbound files (834, 837, 835) into every SFTP mailbox',
      responses: { '200': { description: 'Files published', content: json({ type: 'object' }) }, '503': { description: 'SFTP is disabled' } },
    }),
  },
  '/admin/population': {
    get: admin({ summary: 'Population summary: configuration, generation time, resource counts', responses: { '200': { description: 'Summary', content: json({ $ref: '#/components/schemas/Population' }) } } }),
  },
};

/** Liveness, readiness and metrics: open, no token. */
const HEALTH_PATHS = {
  '/health': { get: { summary: 'Liveness (cheap)', tags: ['health'], responses: { '200': { description: 'Alive', content: json({ $ref: '#/components/schemas/Health' }) } } } },
  '/health/live': { get: { summary: 'Liveness', tags: ['health'], responses: { '200': { description: 'Alive', content: json({ $ref: '#/components/schemas/Health' }) } } } },
  '/health/ready': {
    get: {
      summary: 'Readiness: 200 once reads are served (status loading: reads of the population\'s own ids), status ready once the whole population is loaded',
      description:
        'While `loading`, read and vread of a generated id, health, /fhir/metadata and this description answer at once; every other request waits for the load (up to LOAD_WAIT_SECONDS, then 503 with Retry-After). `progress` counts the patients loaded.',
      tags: ['health'],
      responses: { '200': { description: 'Serving (loading or ready)', content: json({ $ref: '#/components/schemas/Health' }) }, '503': { description: 'Still starting', content: json({ $ref: '#/components/schemas/Health' }) } },
    },
  },
  '/health/loaded': {
    get: {
      summary: 'Loaded: 200 once the whole population is in the store (every request is served at once), 503 before',
      tags: ['health'],
      responses: { '200': { description: 'Loaded', content: json({ $ref: '#/components/schemas/Health' }) }, '503': { description: 'Starting or loading', content: json({ $ref: '#/components/schemas/Health' }) } },
    },
  },
  '/metrics': { get: { summary: 'Prometheus metrics (text exposition format); open, no token (no client data)', tags: ['health'], responses: { '200': { description: 'Metrics', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
};

/** Bodies the paths above refer to by $ref. */
const SCHEMAS = {
  Health: {
    type: 'object',
    properties: {
      status: { type: 'string', enum: ['ok', 'starting', 'loading', 'ready'] },
      version: { type: 'string' },
      seed: { type: 'string' },
      patients: { type: 'integer' },
      asOf: { type: 'string', format: 'date' },
      ready: { type: 'boolean', description: 'Requests are served (reads at once, the rest once loaded)' },
      loaded: { type: 'boolean', description: 'The whole population is in the store' },
      serving: { type: 'string', enum: ['none', 'reads', 'all'] },
      progress: { type: 'object', properties: { patients: { type: 'integer', description: 'Patients loaded so far' }, total: { type: 'integer' } } },
    },
  },
  Population: { type: 'object', properties: { config: { type: 'object' }, generationSeconds: { type: 'number' }, counts: { type: 'object', additionalProperties: { type: 'integer' } } } },
  OperationOutcome: { type: 'object', properties: { resourceType: { type: 'string', enum: ['OperationOutcome'] }, issue: { type: 'array', items: { type: 'object' } } } },
};

/**
 * OpenAPI 3.0 description of the non-FHIR API (admin, health, metrics, EDI).
 * The FHIR API is described by its CapabilityStatement at /fhir/metadata.
 */
export function openApiDocument(version: string): object {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Clinical Data Generator',
      version,
      description:
        'Admin, health, metrics, X12 EDI and generation (/api/v1) endpoints of the mock health plan. The FHIR R4 API at /fhir is described by its CapabilityStatement (GET /fhir/metadata).',
    },
    paths: {
      ...HEALTH_PATHS,
      ...ADMIN_PATHS,
      ...ediOpenApiPaths(),
      ...CONSOLE_API_PATHS,
      ...BULK_DATA_PATHS,
      ...SCENARIO_PATHS,
      ...GENERATION_API_PATHS,
    },
    components: {
      securitySchemes: { adminToken: ADMIN_TOKEN_SCHEME },
      schemas: { ...SCHEMAS, ...GENERATION_API_SCHEMAS },
    },
  };
}

/**
 * Mounted at /api: the document at /api/openapi.json and Swagger UI (bundled assets, no network) at /api/docs.
 * Both are built on first request, not at start: swagger-ui-express loads its own copy of express (issue 13).
 */
export function apiDocsRouter(version: string): express.Router {
  const router = express.Router();
  let doc: object | undefined;
  const document = () => (doc ??= openApiDocument(version));
  router.get('/openapi.json', (_req, res) => {
    res.json(document());
  });
  let ui: Promise<express.Router> | undefined;
  router.use('/docs', (req, res, next) => {
    ui ??= import('swagger-ui-express').then(({ default: swaggerUi }) =>
      express.Router().use(swaggerUi.serve, swaggerUi.setup(document(), { customSiteTitle: 'Clinical Data Generator API' })),
    );
    ui.then((docs) => docs(req, res, next), next);
  });
  return router;
}
