/** GET /api/v1/scenarios as an OpenAPI 3.0 path item. */
export const SCENARIO_PATHS = {
  '/api/v1/scenarios': {
    get: {
      summary: 'Scenario catalog: ready-made test subjects of the current population, each with ids, a ready-to-send request and what the answer shows (unavailable ones say why)',
      tags: ['scenarios'],
      responses: { '200': { description: '{success, data: {as_of, available, scenarios[]}, meta: {version, request_id}}', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  },
};
