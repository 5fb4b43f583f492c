import type { Claim, Coverage } from 'fhir/r4';
import { CODE_SYSTEM, IDENTIFIER } from '../../../population/conventions.js';
import { badParameter } from '../envelope.js';
import { intParam, listParam, type Input } from '../params.js';
import { applyOverrides, parseClaimOverrides, type ClaimOverrides } from './claim-overrides.js';
import { withRequestStore } from './request-store.js';
import type { Column, Dataset, Row } from './types.js';

export interface ClaimOptions {
  kind: 'P' | 'I';
  overrides: ClaimOverrides;
  /** `segments`: most service lines (2400 / LX loops) per claim; 837P allows 50, 837I 999 (X222A1, X223A2). */
  maxLines?: number;
  /** Optional columns to fill; all when absent. */
  optionalFields?: string[];
}

export const CLAIM_COLUMNS: readonly Column[] = [
  { name: 'claim_id', type: 'string' }, { name: 'claim_type', type: 'string' }, { name: 'member_id', type: 'string' },
  { name: 'patient_id', type: 'string' }, { name: 'payer_id', type: 'string' }, { name: 'billing_npi', type: 'string' },
  { name: 'service_date', type: 'string' }, { name: 'diagnosis_code', type: 'string' }, { name: 'service_code', type: 'string' },
  { name: 'line_count', type: 'int32' }, { name: 'total_charge', type: 'double' }, { name: 'status', type: 'string' },
];
/** Columns optional_fields may ask for; the others are always filled. */
export const OPTIONAL_CLAIM_FIELDS = ['patient_id', 'payer_id', 'billing_npi', 'line_count', 'status'] as const;

const KIND: Record<string, 'P' | 'I'> = { p: 'P', professional: 'P', '837p': 'P', i: 'I', institutional: 'I', '837i': 'I' };

function options(input: Input): ClaimOptions {
  const kindRaw = String(input.claim_type ?? 'professional').toLowerCase();
  const kind = KIND[kindRaw];
  if (!kind) throw badParameter('claim_type', 'claim_type must be professional (837P) or institutional (837I)', { value: kindRaw });
  const optionalFields = listParam(input, 'optional_fields');
  const unknown = optionalFields?.find((f) => !(OPTIONAL_CLAIM_FIELDS as readonly string[]).includes(f));
  if (unknown) throw badParameter('optional_fields', `optional_fields ${JSON.stringify(unknown)} is not one of ${OPTIONAL_CLAIM_FIELDS.join(', ')}`, { value: unknown });
  return { kind, overrides: parseClaimOverrides(input), maxLines: intParam(input, 'segments', 1, kind === 'P' ? 50 : 999), optionalFields };
}

const isKind = (claim: Claim, kind: 'P' | 'I'): boolean => claim.type.coding?.some((c) => c.code === (kind === 'P' ? 'professional' : 'institutional')) ?? false;

function claimRow(claim: Claim, memberId: string | undefined, payerId: string | undefined, o: ClaimOptions): Row {
  const row: Row = {
    claim_id: claim.id,
    claim_type: o.kind === 'P' ? 'professional' : 'institutional',
    member_id: memberId,
    patient_id: claim.patient.reference?.replace('Patient/', ''),
    payer_id: payerId,
    billing_npi: undefined,
    service_date: claim.billablePeriod?.start,
    diagnosis_code: claim.diagnosis?.find((d) => d.sequence === 1)?.diagnosisCodeableConcept?.coding?.find((c) => c.system === CODE_SYSTEM.icd10cm)?.code,
    service_code: claim.item?.[0]?.productOrService.coding?.[0]?.code,
    line_count: claim.item?.length ?? 0,
    total_charge: claim.total?.value,
    status: claim.status,
  };
  if (o.optionalFields) for (const f of OPTIONAL_CLAIM_FIELDS) if (!o.optionalFields.includes(f)) row[f] = undefined;
  return row;
}

/** Claims: the members' generated claims (one record each) as 837P/837I (005010X222A1 / X223A2), FHIR Claim or rows. */
export const CLAIMS: Dataset<ClaimOptions> = {
  name: 'claims',
  message: 'cdg.v1.Claim',
  columns: CLAIM_COLUMNS,
  formats: ['edi', 'json', 'ndjson', 'fhir', 'csv', 'protobuf', 'parquet'],
  clinical: true,
  scanFactor: 4,
  countAliases: ['claim_count'],
  options,
  records(member, selection, o, limit) {
    const claims = member.resources
      .filter((r): r is Claim => r.resourceType === 'Claim')
      .filter((c) => isKind(c, o.kind))
      .slice(0, limit)
      .map((c) => applyOverrides(c, o.overrides, o.maxLines));
    if (claims.length === 0) return { rows: [], resources: [] };
    const memberId = member.patient.identifier?.find((i) => i.system === IDENTIFIER.memberId)?.value;
    const coverages = member.resources.filter((r): r is Coverage => r.resourceType === 'Coverage');
    const payerIdOf = (claim: Claim): string | undefined => {
      const org = selection.directory.payers.find((p) => `Organization/${p.id}` === claim.insurer?.reference);
      return org?.identifier?.find((i) => i.system === IDENTIFIER.payerId)?.value;
    };
    const npiOf = (claim: Claim): string | undefined => {
      const org = selection.directory.providerOrganizations.find((p) => `Organization/${p.id}` === claim.provider.reference);
      return org?.identifier?.find((i) => i.system === IDENTIFIER.npi)?.value;
    };
    const rows = claims.map((c) => ({ ...claimRow(c, memberId, payerIdOf(c), o), ...(o.optionalFields && !o.optionalFields.includes('billing_npi') ? {} : { billing_npi: npiOf(c) }) }));
    const others = member.resources.filter((r) => r.resourceType !== 'Claim');
    return { rows, resources: claims, context: [...others.filter((r) => r.resourceType === 'Patient'), ...coverages, ...claims] };
  },
  edi: (resources, o, asOf) =>
    withRequestStore(resources, asOf, async (edi) => [{ name: `claims-837${o.kind}.x12`, body: Buffer.from((await edi.emit(`837${o.kind}`)).bytes) }]),
};
