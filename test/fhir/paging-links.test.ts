import { describe, expect, it } from 'vitest';
import { pagingLinks } from '../../server/fhir/paging-links.js';

const base = { baseUrl: 'https://ex.org/fhir', path: 'Patient', query: [['family', 'Smith'], ['_summary', 'true'], ['_include', 'Patient:organization'], ['_count', '10']] as Array<[string, string]> };

function rels(links: ReturnType<typeof pagingLinks>): Record<string, URL> {
  return Object.fromEntries(links.map((l) => [l.relation, new URL(l.url)]));
}

describe('pagingLinks', () => {
  it('keeps every parameter and is absolute', () => {
    const links = rels(pagingLinks({ ...base, offset: 10, count: 10, total: 35 }));
    expect(Object.keys(links).sort()).toEqual(['first', 'last', 'next', 'previous', 'self']);
    for (const url of Object.values(links)) {
      expect(url.origin).toBe('https://ex.org');
      expect(url.pathname).toBe('/fhir/Patient');
      expect(url.searchParams.get('family')).toBe('Smith');
      expect(url.searchParams.get('_summary')).toBe('true');
      expect(url.searchParams.get('_include')).toBe('Patient:organization');
      expect(url.searchParams.getAll('_count')).toEqual(['10']);
    }
    expect(links.self.searchParams.get('_offset')).toBe('10');
    expect(links.next.searchParams.get('_offset')).toBe('20');
    expect(links.previous.searchParams.get('_offset')).toBe('0');
    expect(links.last.searchParams.get('_offset')).toBe('30');
  });

  it('has no empty trailing page when total is a multiple of _count', () => {
    const onLast = rels(pagingLinks({ ...base, offset: 20, count: 10, total: 30 }));
    expect(onLast.next).toBeUndefined();
    expect(onLast.last.searchParams.get('_offset')).toBe('20');
  });

  it('has first and last on offset 0 of an empty result, and no next/previous', () => {
    const links = rels(pagingLinks({ ...base, offset: 0, count: 10, total: 0 }));
    expect(links.previous).toBeUndefined();
    expect(links.next).toBeUndefined();
    expect(links.last.searchParams.get('_offset')).toBe('0');
  });

  it('uses hasMore when the total is unknown', () => {
    const links = rels(pagingLinks({ ...base, offset: 0, count: 10, hasMore: true }));
    expect(links.next.searchParams.get('_offset')).toBe('10');
    expect(links.last).toBeUndefined();
  });
});
