import type { BundleLink } from 'fhir/r4';

/** Parameters that position a page; every other parameter is carried into every link unchanged. */
const PAGE_PARAMS = new Set(['_count', '_offset']);

export interface PageInput {
  /** Absolute FHIR base, no trailing slash. */
  baseUrl: string;
  /** Path below the base, e.g. `Patient` or `Patient/1/$everything` ('' for system level). */
  path: string;
  /** The request's parameters in order (query and form). */
  query: Array<[string, string]>;
  offset: number;
  count: number;
  /** Total matches, or undefined when unknown (then `last` is omitted and `next` relies on hasMore). */
  total?: number;
  /** When total is unknown: whether another page exists. */
  hasMore?: boolean;
}

function pageUrl(input: PageInput, offset: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of input.query) if (!PAGE_PARAMS.has(name)) params.append(name, value);
  params.append('_count', String(input.count));
  params.append('_offset', String(offset));
  const path = input.path ? `/${input.path}` : '';
  return `${input.baseUrl}${path}?${params.toString()}`;
}

/**
 * self/first/previous/next/last links as absolute URLs keeping every parameter; paging by `_offset` + `_count`.
 * `last` never points at an empty trailing page. https://hl7.org/fhir/R4/http.html#paging
 */
export function pagingLinks(input: PageInput): BundleLink[] {
  const { offset, count, total } = input;
  const links: BundleLink[] = [{ relation: 'self', url: pageUrl(input, offset) }];
  if (count <= 0) return links;
  links.push({ relation: 'first', url: pageUrl(input, 0) });
  if (offset > 0) links.push({ relation: 'previous', url: pageUrl(input, Math.max(0, offset - count)) });
  const hasNext = total !== undefined ? offset + count < total : Boolean(input.hasMore);
  if (hasNext) links.push({ relation: 'next', url: pageUrl(input, offset + count) });
  if (total !== undefined) {
    const lastOffset = total > 0 ? Math.floor((total - 1) / count) * count : 0;
    links.push({ relation: 'last', url: pageUrl(input, lastOffset) });
  }
  return links;
}
