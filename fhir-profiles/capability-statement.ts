import type { CapabilityStatement, CapabilityStatementRestResource, SearchParameter } from 'fhir/r4';
import { isSearchableResourceType, isServedSearchParameter, searchParameterDefinitions } from './search-parameters.js';

/** Fixed at build time so the statement is reproducible (never the wall clock). Bump with releases. */
export const CAPABILITY_DATE = '2026-11-25';

/** One served interaction, as the server's route table describes it. */
export interface ServedInteraction {
  level: 'system' | 'type' | 'instance';
  /** TypeRestfulInteraction / SystemRestfulInteraction code, or `$name` for an operation. */
  interaction: string;
  /** Only for these types (default: all served types). */
  types?: string[];
  /** OperationDefinition canonical, for operations. */
  definition?: string;
}

export interface CapabilityInput {
  resourceTypes: string[];
  interactions: ServedInteraction[];
  software: { name: string; version: string };
  /** Absolute FHIR base URL of this server. */
  baseUrl: string;
  /** Canonical CapabilityStatements this server also conforms to (e.g. Bulk Data's). */
  instantiates?: string[];
}

const SYSTEM_INTERACTIONS = new Set(['transaction', 'batch', 'search-system', 'history-system']);
const TYPE_INTERACTIONS = new Set(['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type']);

let revIncludeIndex: Map<string, string[]> | undefined;

/** For each target type, every `Source:param` reference parameter that can point at it (for _revinclude). */
function revIncludes(type: string): string[] {
  if (!revIncludeIndex) {
    revIncludeIndex = new Map();
    for (const sp of searchParameterDefinitions()) {
      if (sp.type !== 'reference') continue;
      for (const base of sp.base ?? []) {
        if (!isServedSearchParameter(base, sp.code)) continue;
        for (const target of sp.target ?? []) {
          const list = revIncludeIndex.get(target) ?? [];
          list.push(`${base}:${sp.code}`);
          revIncludeIndex.set(target, list);
        }
      }
    }
    for (const [k, v] of revIncludeIndex) revIncludeIndex.set(k, [...new Set(v)].sort());
  }
  return revIncludeIndex.get(type) ?? [];
}

function searchParamEntry(sp: SearchParameter): NonNullable<CapabilityStatementRestResource['searchParam']>[number] {
  return { name: sp.code, definition: sp.url, type: sp.type };
}

function resourceEntry(type: string, interactions: ServedInteraction[]): CapabilityStatementRestResource {
  const applies = (i: ServedInteraction): boolean => i.level !== 'system' && (!i.types || i.types.includes(type));
  // Types without search parameters of their own (Binary, ...) are not searchable by the engine until stored,
  // so search-type is not promised for them.
  const searchable = isSearchableResourceType(type);
  const codes = [...new Set(interactions.filter((i) => applies(i) && TYPE_INTERACTIONS.has(i.interaction)).map((i) => i.interaction))].filter(
    (code) => searchable || code !== 'search-type',
  );
  // One entry per operation: $validate is served at type and instance level under one OperationDefinition.
  const operations = [...new Map(interactions.filter((i) => applies(i) && i.interaction.startsWith('$')).map((i) => [i.interaction, i])).values()];
  const params = searchable ? searchParameterDefinitions(type).filter((sp) => isServedSearchParameter(type, sp.code)).sort((a, b) => a.code.localeCompare(b.code)) : [];
  const entry: CapabilityStatementRestResource = {
    type: type as CapabilityStatementRestResource['type'],
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: codes.map((code) => ({ code: code as 'read' })),
    versioning: 'versioned',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: codes.includes('create'),
    conditionalRead: codes.includes('read') ? 'not-match' : 'not-supported',
    conditionalUpdate: codes.includes('update'),
    conditionalDelete: codes.includes('delete') ? 'single' : 'not-supported',
    referencePolicy: ['literal', 'local'],
    searchInclude: ['*', ...params.filter((p) => p.type === 'reference').map((p) => `${type}:${p.code}`)],
    searchRevInclude: revIncludes(type),
    searchParam: params.map(searchParamEntry),
  };
  if (operations.length > 0) entry.operation = operations.map((o) => ({ name: o.interaction.slice(1), definition: o.definition ?? '' }));
  return entry;
}

/**
 * The server's CapabilityStatement, generated from what it serves (route table) and the R4 SearchParameter
 * definitions; JSON only (XML is answered with 406). https://hl7.org/fhir/R4/capabilitystatement.html
 */
export function buildCapabilityStatement(input: CapabilityInput): CapabilityStatement {
  const systemCodes = [...new Set(input.interactions.filter((i) => i.level === 'system' && SYSTEM_INTERACTIONS.has(i.interaction)).map((i) => i.interaction))];
  const systemOperations = input.interactions.filter((i) => i.level === 'system' && i.interaction.startsWith('$'));
  return {
    resourceType: 'CapabilityStatement',
    ...(input.instantiates?.length ? { instantiates: input.instantiates } : {}),
    status: 'active',
    date: CAPABILITY_DATE,
    publisher: 'Clinical Data Generator',
    kind: 'instance',
    software: { name: input.software.name, version: input.software.version },
    implementation: { description: 'Clinical Data Generator: FHIR R4 server over a seeded synthetic population', url: input.baseUrl },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'JSON only: requests for XML (application/fhir+xml, _format=xml) are answered 406 with an OperationOutcome. '
          + 'Search: Bundle.total is given when it is exact and cheap to count; _total=accurate always counts it, '
          + '_total=estimate may estimate it, _total=none leaves it out. Paging links read the result set as of the first page.',
        resource: input.resourceTypes.map((t) => resourceEntry(t, input.interactions)),
        interaction: systemCodes.map((code) => ({ code: code as 'transaction' })),
        searchParam: searchParameterDefinitions('Resource').filter((sp) => isServedSearchParameter('Resource', sp.code)).map(searchParamEntry),
        ...(systemOperations.length ? { operation: systemOperations.map((o) => ({ name: o.interaction.slice(1), definition: o.definition ?? '' })) } : {}),
      },
    ],
  };
}
