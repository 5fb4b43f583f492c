import { describe, expect, it } from 'vitest';
import { parseETag, parseQueryString } from '../../server/fhir/request.js';

describe('request parsing', () => {
  it('keeps order and repeats, and restores an unencoded + in a dateTime offset', () => {
    expect(parseQueryString('?a=1&b=2&a=3')).toEqual([['a', '1'], ['b', '2'], ['a', '3']]);
    expect(parseQueryString('_lastUpdated=gt2020-01-01T00:00:00+05:00')).toEqual([['_lastUpdated', 'gt2020-01-01T00:00:00+05:00']]);
    expect(parseQueryString('date=2020-01-01T10:30+01:00')).toEqual([['date', '2020-01-01T10:30+01:00']]);
    expect(parseQueryString('date=ge2020-01-01T00:00:00%2B05:00')).toEqual([['date', 'ge2020-01-01T00:00:00+05:00']]);
    expect(parseQueryString('name=John+Smith')).toEqual([['name', 'John Smith']]);
  });

  it('reads weak and strong ETags', () => {
    expect(parseETag('W/"3"')).toBe('3');
    expect(parseETag('"4"')).toBe('4');
    expect(parseETag('5')).toBe('5');
    expect(parseETag(undefined)).toBeUndefined();
  });
});
