/** The FHIR R4 REST face: `createFhirRouter(store)` for express, `createFhirHandler(store)` for plain node:http. https://hl7.org/fhir/R4/http.html */
export { createFhirHandler, createFhirRouter, type FhirNodeHandler, type FhirRouterOptions } from './http-adapter.js';
export { routes, dispatch, type Route, type Handler } from './routes.js';
export { OperationOutcomeError, normalizeError, statusOf } from './outcomes.js';
export type { FhirRequest, FhirResponse } from './request.js';
