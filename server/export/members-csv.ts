import type { Coverage, Organization, Patient } from 'fhir/r4';
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

type Row = Record<(typeof MEMBER_COLUMNS)[number], string | undefined>;

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
  return csvRecord(MEMBER_COLUMNS.map((c) => row[c]));
}

/**
 * Collects what members.csv needs from the NDJSON stream (payer Organizations, Patients and their
 * Coverages; only those blocks are parsed) and renders the file in patient order once everything has been seen, since a member's
 * coverage need not arrive in the same batch as the member.
 */
export function createMembersCollector() {
  const organizations = new Map<string, Organization>();
  const patients: Patient[] = [];
  const latestCoverage = new Map<string, Coverage>();
  const isLater = (a: Coverage, b: Coverage): boolean => (a.period?.start ?? '') >= (b.period?.start ?? '');
  return {
    /** Takes what it needs from a block of NDJSON lines of one resource type. */
    add(type: string, text: string): void {
      if (type !== 'Organization' && type !== 'Patient' && type !== 'Coverage') return;
      for (const line of text.split('\n')) {
        if (line.length === 0) continue;
        if (type === 'Organization') {
          const org = JSON.parse(line) as Organization;
          organizations.set(`Organization/${org.id}`, org);
        } else if (type === 'Patient') {
          patients.push(JSON.parse(line) as Patient);
        } else {
          const coverage = JSON.parse(line) as Coverage;
          const key = coverage.beneficiary.reference ?? '';
          const previous = latestCoverage.get(key);
          if (!previous || isLater(coverage, previous)) latestCoverage.set(key, coverage);
        }
      }
    },
    /** The whole members.csv text: header row, then one row per member. */
    render(): string {
      const out = [csvRecord(MEMBER_COLUMNS)];
      for (const patient of patients) {
        const coverage = latestCoverage.get(`Patient/${patient.id}`);
        const payerRef = coverage?.payor?.[0]?.reference;
        out.push(memberRow(patient, coverage, payerRef ? organizations.get(payerRef) : undefined));
      }
      return out.join('');
    },
    get memberCount(): number {
      return patients.length;
    },
  };
}
