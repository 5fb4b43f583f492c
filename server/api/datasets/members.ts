import type { Coverage, Organization } from 'fhir/r4';
import { MEMBER_COLUMNS, memberFields } from '../../export/members-csv.js';
import { withRequestStore } from './request-store.js';
import type { Dataset } from './types.js';

const latest = (coverages: Coverage[]): Coverage | undefined =>
  coverages.reduce<Coverage | undefined>((best, c) => (!best || (c.period?.start ?? '') >= (best.period?.start ?? '') ? c : best), undefined);

/** Members: one record per member (the members.csv columns), FHIR Patient + Coverage, X12 834 (005010X220A1). */
export const MEMBERS: Dataset<undefined> = {
  name: 'members',
  message: 'cdg.v1.Member',
  columns: MEMBER_COLUMNS.map((name) => ({ name, type: 'string' as const })),
  formats: ['csv', 'json', 'ndjson', 'fhir', 'edi', 'protobuf', 'parquet'],
  clinical: false,
  scanFactor: 1,
  countAliases: ['members_num'],
  options: () => undefined,
  records(member, selection) {
    const coverages = member.resources.filter((r): r is Coverage => r.resourceType === 'Coverage');
    const coverage = latest(coverages);
    const payerRef = coverage?.payor?.[0]?.reference;
    const payer = selection.directory.payers.find((p: Organization) => `Organization/${p.id}` === payerRef);
    // The payer goes along so the Coverages' payor references resolve inside the Bundle / NDJSON file.
    return { rows: [memberFields(member.patient, coverage, payer)], resources: [member.patient, ...coverages, ...(payer ? [payer] : [])], context: [member.patient, ...coverages] };
  },
  edi: (resources, _options, asOf) => withRequestStore(resources, asOf, async (edi) => [{ name: 'members-834.x12', body: Buffer.from((await edi.emit('834')).bytes) }]),
};
