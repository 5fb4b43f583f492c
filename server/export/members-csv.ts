import { closeSync, openSync, writeSync } from 'node:fs';
import type { Coverage, Organization, Patient } from 'fhir/r4';
import type { TypeBlock } from '../../population/parallel.js';
import { CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import { csvRecord } from './csv.js';

/** Column order of members.csv (the original product's member demographics export). */
export const MEMBER_COLUMNS = [
  'member_id',
  'subscriber_id',
  'relationship',
  'family_name',
  'given_names',
  'birth_date',
  'gender',
  'address_line',
  'city',
  'state',
  'postal_code',
  'phone',
  'payer_id',
  'payer_name',
  'plan_id',
  'plan_name',
  'group_number',
  'coverage_status',
  'coverage_start',
  'coverage_end',
] as const;

export type MemberFields = Record<(typeof MEMBER_COLUMNS)[number], string | undefined>;
type Row = MemberFields;

function payerRow(org: Organization | undefined): Pick<Row, 'payer_id' | 'payer_name'> {
  return {
    payer_id: org?.identifier?.find((i) => i.system === IDENTIFIER.payerId)?.value,
    payer_name: org?.name,
  };
}

function coverageClass(coverage: Coverage | undefined, type: string) {
  return coverage?.class?.find((c) => c.type.coding?.some((k) => k.system === CODE_SYSTEM.coverageClass && k.code === type));
}

/** One members.csv row: the member's demographics and their latest coverage (https://hl7.org/fhir/R4/coverage.html). */
export function memberRow(patient: Patient, coverage: Coverage | undefined, payer: Organization | undefined): string {
  const row = memberFields(patient, coverage, payer);
  return csvRecord(MEMBER_COLUMNS.map((c) => row[c]));
}

/** The fields of a members.csv row, by column (also the /api/v1 member record). */
export function memberFields(patient: Patient, coverage: Coverage | undefined, payer: Organization | undefined): MemberFields {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  const address = patient.address?.[0];
  const plan = coverageClass(coverage, 'plan');
  const row: Row = {
    member_id: patient.identifier?.find((i) => i.system === IDENTIFIER.memberId)?.value,
    subscriber_id: coverage?.subscriberId,
    relationship: coverage?.relationship?.coding?.[0]?.code,
    family_name: name?.family,
    given_names: name?.given?.join(' '),
    birth_date: patient.birthDate,
    gender: patient.gender,
    address_line: address?.line?.join(', '),
    city: address?.city,
    state: address?.state,
    postal_code: address?.postalCode,
    phone: patient.telecom?.find((t) => t.system === 'phone')?.value,
    ...payerRow(payer),
    plan_id: plan?.value,
    plan_name: plan?.name,
    group_number: coverageClass(coverage, 'group')?.value,
    coverage_status: coverage?.status,
    coverage_start: coverage?.period?.start,
    coverage_end: coverage?.period?.end,
  };
  return row;
}

/**
 * The members.csv rows of one run of whole patient records (a generator chunk): Patients and their Coverages
 * arrive together, since a patient's Coverages are part of its own record (population/generate-patient.ts), so
 * each member's latest coverage is found without looking past the run. Only Patient and Coverage lines are parsed;
 * payer Organizations seen in any run (the directory comes first) are remembered in `payers`.
 */
export function memberRows(blocks: readonly TypeBlock[], payers: Map<string, Organization>): { text: string; members: number } {
  const patients: Patient[] = [];
  const latestCoverage = new Map<string, Coverage>();
  const isLater = (a: Coverage, b: Coverage): boolean => (a.period?.start ?? '') >= (b.period?.start ?? '');
  for (const { type, text } of blocks) {
    if (type !== 'Organization' && type !== 'Patient' && type !== 'Coverage') continue;
    for (const line of text.split('\n')) {
      if (line.length === 0) continue;
      if (type === 'Organization') {
        const org = JSON.parse(line) as Organization;
        if (payerRow(org).payer_id !== undefined) payers.set(`Organization/${org.id}`, org);
      } else if (type === 'Patient') {
        patients.push(JSON.parse(line) as Patient);
      } else {
        const coverage = JSON.parse(line) as Coverage;
        const key = coverage.beneficiary.reference ?? '';
        const previous = latestCoverage.get(key);
        if (!previous || isLater(coverage, previous)) latestCoverage.set(key, coverage);
      }
    }
  }
  let text = '';
  for (const patient of patients) {
    const coverage = latestCoverage.get(`Patient/${patient.id}`);
    const payerRef = coverage?.payor?.[0]?.reference;
    text += memberRow(patient, coverage, payerRef ? payers.get(payerRef) : undefined);
  }
  return { text, members: patients.length };
}

/**
 * Writes members.csv (RFC 4180, header row) as the export's NDJSON stream goes by, one run of patients at a time:
 * nothing is kept from one run to the next but the payers, so memory does not grow with the population. Writes
 * are synchronous, like the NDJSON files', so a fast generator cannot outrun the disk.
 */
export function createMembersCsvWriter(path: string) {
  const fd = openSync(path, 'w');
  writeSync(fd, csvRecord(MEMBER_COLUMNS));
  const payers = new Map<string, Organization>();
  let members = 0;
  return {
    /** Writes the rows of the members in these blocks (whole patient records, in patient order). */
    add(blocks: readonly TypeBlock[]): void {
      const rows = memberRows(blocks, payers);
      if (rows.members) writeSync(fd, rows.text);
      members += rows.members;
    },
    close(): void {
      closeSync(fd);
    },
    get memberCount(): number {
      return members;
    },
  };
}
