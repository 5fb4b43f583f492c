import { INBOUND_SETS, OUTBOUND_SETS, type OutboundSet } from '../../edi/gateway.js';

const x12 = { 'application/edi-x12': { schema: { type: 'string' } } };
const PARTNER = { name: 'partner', in: 'query', required: false, schema: { type: 'string' }, description: 'Trading partner (EDI_PARTNERS) whose ISA06/ISA08/ISA15 the document carries' };
const NOT_FOUND = { description: 'Unknown payer or trading partner (OperationOutcome)' };
const UNAVAILABLE = { description: 'STORE=postgres: the database that hands out X12 control numbers cannot be reached (OperationOutcome, Retry-After)' };
const FILTERS = {
  since: { name: 'since', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'Only claims (Claim.created) or EOBs (created) at/after this date or instant' },
  payer: { name: 'payer', in: 'query', required: false, schema: { type: 'string' }, description: 'Payer id (or payer Organization id) filter' },
};

/** GET of one path of the outbound rows (several rows on one path are chosen by `type`). */
function getOperation(sets: readonly OutboundSet[]): object {
  const types = sets.flatMap((t) => (t.http.type ? [t.http.type] : []));
  const filters = [...new Set(sets.flatMap((t) => t.filters))].map((f) => FILTERS[f]);
  return {
    summary: sets.map((t) => t.summary).join('; '),
    tags: ['edi'],
    parameters: [...(types.length > 1 ? [{ name: 'type', in: 'query', required: false, schema: { type: 'string', enum: types } }] : []), ...filters, PARTNER],
    responses: { '200': { description: `X12 ${sets.map((t) => t.kind).join(' / ')}`, content: x12 }, '404': NOT_FOUND, '503': UNAVAILABLE },
  };
}

/** The OpenAPI paths of the HTTP face of the X12 gateway, from the transaction-set table (see router.ts). */
export function ediOpenApiPaths(): Record<string, Record<string, object>> {
  const paths: Record<string, Record<string, object>> = {};
  for (const path of new Set(OUTBOUND_SETS.map((t) => t.http.path))) {
    paths[`/edi${path}`] = { get: getOperation(OUTBOUND_SETS.filter((t) => t.http.path === path)) };
  }
  for (const set of INBOUND_SETS) {
    paths[`/edi${set.http.path}`] = {
      ...paths[`/edi${set.http.path}`],
      post: {
        summary: set.summary,
        tags: ['edi'],
        requestBody: { required: true, content: x12 },
        responses: { '200': { description: set.alwaysAcknowledge ? `999 / ${set.acceptedWith} / TA1` : `${set.acceptedWith} / 999 / TA1`, content: x12 }, '503': UNAVAILABLE },
      },
    };
  }
  return paths;
}
