import { describe, expect, it } from 'vitest';
import { assertAcceptable, assertContentType } from '../../server/fhir/content-negotiation.js';
import { OperationOutcomeError, statusOf } from '../../server/fhir/outcomes.js';

function statusOfThrow(fn: () => void): number {
  try {
    fn();
    return 200;
  } catch (err) {
    return statusOf((err as OperationOutcomeError).outcome);
  }
}

describe('content negotiation', () => {
  it.each([
    [undefined, undefined, 200],
    ['json', undefined, 200],
    ['application/fhir+json', undefined, 200],
    ['application/fhir json', undefined, 200],
    ['xml', undefined, 406],
    ['application/fhir+xml', undefined, 406],
    [undefined, 'application/fhir+json;q=0.9', 200],
    [undefined, 'application/json', 200],
    [undefined, 'text/html,application/xhtml+xml,*/*;q=0.8', 200],
    [undefined, 'application/fhir+xml', 406],
    [undefined, 'text/plain', 406],
  ] as Array<[string | undefined, string | undefined, number]>)('_format=%s Accept=%s -> %i', (format, accept, status) => {
    expect(statusOfThrow(() => assertAcceptable(format, accept))).toBe(status);
  });

  it.each([
    ['application/fhir+json', 'resource', 200],
    ['application/fhir+json; charset=UTF-8', 'resource', 200],
    ['application/json', 'resource', 200],
    ['application/json; charset=iso-8859-1', 'resource', 415],
    ['text/plain', 'resource', 415],
    [undefined, 'resource', 415],
    ['application/fhir+xml', 'resource', 415],
    ['application/json-patch+json', 'json-patch', 200],
    ['application/json', 'json-patch', 415],
    ['application/x-www-form-urlencoded', 'form', 200],
  ] as Array<[string | undefined, 'resource' | 'json-patch' | 'form', number]>)('Content-Type %s for %s -> %i', (type, kind, status) => {
    expect(statusOfThrow(() => assertContentType(type, kind))).toBe(status);
  });
});
