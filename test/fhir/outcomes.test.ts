import { describe, expect, it } from 'vitest';
import { StoreError } from '../../data-store/store.js';
import { OperationOutcomeError, badRequest, gone, normalizeError, notFound, statusOf, unprocessable } from '../../server/fhir/outcomes.js';

describe('outcomes', () => {
  it('maps every StoreError code to an OperationOutcome with the right status', () => {
    const cases: Array<[StoreError['code'], number]> = [['not-found', 404], ['gone', 410], ['version-conflict', 412], ['conflict', 409], ['invalid', 400]];
    for (const [code, status] of cases) {
      const o = normalizeError(new StoreError(code, `msg ${code}`, 'family'));
      expect(o.resourceType).toBe('OperationOutcome');
      expect(statusOf(o)).toBe(status);
      expect(o.issue[0].details?.text).toContain('msg');
    }
    expect(normalizeError(new StoreError('invalid', 'bad', 'foo')).issue[0].expression).toEqual(['foo']);
  });

  it('maps body-parser errors and unknown throws', () => {
    expect(statusOf(normalizeError(Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 })))).toBe(413);
    expect(statusOf(normalizeError(new SyntaxError('Unexpected token')))).toBe(400);
    expect(statusOf(normalizeError(new Error('boom')))).toBe(500);
    expect(statusOf(normalizeError('weird'))).toBe(500);
  });

  it('keeps the outcome of an OperationOutcomeError', () => {
    const o = unprocessable([{ message: 'missing', path: 'Patient.name' }]);
    expect(normalizeError(new OperationOutcomeError(o))).toBe(o);
    expect(statusOf(o)).toBe(422);
    expect(o.issue[0].expression).toEqual(['Patient.name']);
    expect(statusOf(notFound)).toBe(404);
    expect(statusOf(gone)).toBe(410);
    expect(statusOf(badRequest('x', 'y'))).toBe(400);
  });
});
