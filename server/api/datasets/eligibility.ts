import type { Coverage, Organization, Patient, Resource } from 'fhir/r4';
import { holdControlNumbers, interchangeNumbers } from '../../../edi/control-numbers.js';
import { emit270, type InquiryMember } from '../../../edi/transactions/270-emit.js';
import { coverageActiveOn, pickCoverage } from '../../../edi/fhir/projection.js';
import { IDENTIFIER } from '../../../population/conventions.js';
import { withRequestStore } from './request-store.js';
import type { Dataset } from './types.js';

const COLUMNS = ['member_id', 'patient_id', 'family_name', 'given_names', 'birth_date', 'payer_id', 'payer_name', 'plan_name', 'service_type_code', 'inquiry_date', 'eligible', 'coverage_start', 'coverage_end'];

/**
 * Eligibility checks: per member, a 270 inquiry (EQ*30 on the as-of date) and the 271 this server answers to it,
 * made by the same answerer as POST /edi/270 from the request's own Patients and Coverages; as JSON, one record per
 * member with what the 271 says.
 */
export const ELIGIBILITY: Dataset<undefined> = {
  name: 'eligibility',
  message: '',
  columns: COLUMNS.map((name) => ({ name, type: 'string' as const })),
  formats: ['edi', 'json', 'csv'],
  clinical: false,
  scanFactor: 1,
  options: () => undefined,
  records(member, selection) {
    const coverages = member.resources.filter((r): r is Coverage => r.resourceType === 'Coverage');
    const { coverage } = pickCoverage(coverages, selection.config.asOf);
    if (!coverage) return { rows: [], resources: [] };
    const payer = selection.directory.payers.find((p: Organization) => `Organization/${p.id}` === coverage.payor[0]?.reference);
    const name = member.patient.name?.[0];
    const row = {
      member_id: member.patient.identifier?.find((i) => i.system === IDENTIFIER.memberId)?.value,
      patient_id: member.patient.id,
      family_name: name?.family,
      given_names: name?.given?.join(' '),
      birth_date: member.patient.birthDate,
      payer_id: payer?.identifier?.find((i) => i.system === IDENTIFIER.payerId)?.value,
      payer_name: payer?.name,
      plan_name: coverage.class?.find((c) => c.type.coding?.some((k) => k.code === 'plan'))?.name,
      service_type_code: '30',
      inquiry_date: selection.config.asOf,
      eligible: coverageActiveOn(coverage, selection.config.asOf) ? 'true' : 'false',
      coverage_start: coverage.period?.start,
      coverage_end: coverage.period?.end,
    };
    return { rows: [row], resources: [member.patient, coverage], context: [member.patient, ...coverages] };
  },
  edi: (resources, _options, asOf) =>
    withRequestStore(resources, asOf, async (edi) => {
      const members = inquiryMembers(resources, asOf);
      const numbers = await holdControlNumbers(edi.options.controlNumbers, interchangeNumbers(members.length > 0 ? 1 : 0));
      const inquiry = emit270(members, providerOf(resources), { ...edi.options, controlNumbers: numbers }, asOf);
      const [answer] = await edi.receive(inquiry.text, { only: '270' });
      return [
        { name: 'eligibility-270.x12', body: Buffer.from(inquiry.bytes) },
        { name: 'eligibility-271.x12', body: Buffer.from(answer!.bytes) },
      ];
    }),
};

/** Each member with the coverage in force on the date (else the latest) and its payer. */
function inquiryMembers(resources: Resource[], asOf: string): InquiryMember[] {
  const organizations = new Map(resources.filter((r): r is Organization => r.resourceType === 'Organization').map((o) => [`Organization/${o.id}`, o]));
  const coverages = resources.filter((r): r is Coverage => r.resourceType === 'Coverage');
  const members: InquiryMember[] = [];
  for (const patient of resources.filter((r): r is Patient => r.resourceType === 'Patient')) {
    const { coverage } = pickCoverage(coverages.filter((c) => c.beneficiary.reference === `Patient/${patient.id}`), asOf);
    const payer = coverage && organizations.get(coverage.payor[0]?.reference ?? '');
    if (coverage && payer) members.push({ patient, coverage, payer });
  }
  return members;
}

/** The information receiver (2100B): the first provider organization with an NPI. */
function providerOf(resources: Resource[]): Organization {
  const provider = resources.find((r): r is Organization => r.resourceType === 'Organization' && (r as Organization).identifier?.some((i) => i.system === IDENTIFIER.npi) === true);
  if (!provider) throw new Error('the request population has no provider organization');
  return provider;
}
