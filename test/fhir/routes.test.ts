import { describe, expect, it } from 'vitest';
import { OperationOutcomeError, statusOf } from '../../server/fhir/outcomes.js';
import { findRoute } from '../../server/fhir/routes.js';

function routeOf(method: string, path: string): string {
  try {
    const { route, params } = findRoute(method, path);
    return `${route.interaction} ${JSON.stringify(params)}`;
  } catch (err) {
    return String(statusOf((err as OperationOutcomeError).outcome));
  }
}

describe('route table', () => {
  it.each([
    ['GET', 'metadata', 'capabilities {}'],
    ['GET', '', 'search-system {}'],
    ['POST', '', 'transaction {}'],
    ['GET', '_history', 'history-system {}'],
    ['GET', 'Patient', 'search-type {"resourceType":"Patient"}'],
    ['POST', 'Patient/_search', 'search-type {"resourceType":"Patient"}'],
    ['POST', 'Patient', 'create {"resourceType":"Patient"}'],
    ['PUT', 'Patient', 'update {"resourceType":"Patient"}'],
    ['GET', 'Patient/_history', 'history-type {"resourceType":"Patient"}'],
    ['GET', 'Patient/1', 'read {"resourceType":"Patient","id":"1"}'],
    ['PATCH', 'Patient/1', 'patch {"resourceType":"Patient","id":"1"}'],
    ['GET', 'Patient/1/_history', 'history-instance {"resourceType":"Patient","id":"1"}'],
    ['GET', 'Patient/1/_history/2', 'vread {"resourceType":"Patient","id":"1","vid":"2"}'],
    ['GET', 'Patient/1/$everything', '$everything {"id":"1"}'],
    ['POST', 'Observation/$validate', '$validate {"resourceType":"Observation"}'],
    ['POST', 'Patient/1', '405'],
    ['DELETE', 'metadata', '405'],
    ['GET', 'Patient/1/_history/2/extra', '404'],
    ['GET', 'Patient/$unknown', '404'],
    ['GET', 'Patient/%E0%A4%A', '400'],
  ])('%s /%s -> %s', (method, path, expected) => {
    expect(routeOf(method, path)).toBe(expected);
  });
});
