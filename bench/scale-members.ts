/**
 * The members bench:scale asks about: records spread over the whole population, generated here exactly as the server
 * generates them (settings from the environment the server is started with), without generating the population:
 * the directory and household plan, then one record per sampled member (about 5 s and 0.4 GB for 400 of 1,000,000).
 */
import type { Coverage, Observation, Organization, Patient, Resource } from 'fhir/r4';
import { coverageActiveOn, memberIdOf, payerIdOf } from '../edi/fhir/projection.js';
import { DEFAULT_DELIMITERS } from '../edi/x12/delimiters.js';
import { writeInterchange } from '../edi/x12/envelope.js';
import { SegmentWriter, TransactionBody } from '../edi/x12/writer.js';
import { directoryResources, generateDirectory } from '../population/directory.js';
import { generatePatientRecord } from '../population/generate-patient.js';
import { loadSettings } from '../server/ops/settings.js';
import { populationConfigFrom } from '../server/start.js';

const LOINC = 'http://loinc.org';

export interface SampledMember {
  patient: Patient;
  /** `system|code` of one of the member's Observations (a LOINC code; heart rate when they have none). */
  code: string;
  /** A 270 asking about the member by member id (2010C NM109 as on the card), when they have an active coverage. */
  inquiry?: string;
  /** The same 270 with the bare subscriber id (Coverage.subscriberId) instead. */
  bySubscriberId?: string;
}

export interface Sample {
  members: SampledMember[];
  /** The LOINC code most frequent among the sampled members' Observations (`system|code`): a broad search. */
  commonCode: string;
}

/** `count` members at even steps over `patients`. */
export function sampleMembers(patients: number, count: number): Sample {
  const config = { ...populationConfigFrom(loadSettings(process.env)), patients };
  const directory = generateDirectory(config);
  const payers = new Map(directoryResources(directory).filter((r): r is Organization => r.resourceType === 'Organization').map((o) => [o.id, o]));
  const members: SampledMember[] = [];
  const codes = new Map<string, number>();
  for (let k = 0; k < count; k++) {
    const resources: Resource[] = generatePatientRecord(config, directory, Math.floor((k * patients) / count)).resources;
    const patient = resources[0] as Patient;
    let own: string | undefined;
    for (const r of resources) {
      if (r.resourceType !== 'Observation') continue;
      const code = (r as Observation).code?.coding?.find((c) => c.system === LOINC)?.code;
      if (!code) continue;
      own ??= `${LOINC}|${code}`;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    const coverage = (resources.filter((r) => r.resourceType === 'Coverage') as Coverage[]).find((c) => coverageActiveOn(c, config.asOf));
    const payerId = payerIdOf(payers.get(coverage?.payor[0].reference?.split('/')[1]));
    members.push({
      patient,
      code: own ?? `${LOINC}|8867-4`,
      inquiry: coverage ? eligibilityInquiry(patient, memberIdOf(patient, coverage) ?? '', payerId, k + 1) : undefined,
      bySubscriberId: coverage?.subscriberId ? eligibilityInquiry(patient, coverage.subscriberId, payerId, k + 1) : undefined,
    });
  }
  const common = [...codes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '8867-4';
  return { members, commonCode: `${LOINC}|${common}` };
}

/** A 270 (005010X279A1) asking for health benefit plan coverage (EQ 30) of one member, by the id given (2010C NM109). */
function eligibilityInquiry(p: Patient, memberId: string, payerId: string, n: number): string {
  const w = new SegmentWriter(DEFAULT_DELIMITERS);
  const body = new TransactionBody(w).seg('BHT').el('0022').el('13').el(`REQ${n}`).el('20260101').el('1200').end().seg('HL').el('1').at(3).el('20').el('1').end().seg('NM1').el('PR').el('2').el('PAYER').at(8).el('PI').el(payerId).end().seg('HL').el('2').el('1').el('21').el('1').end().seg('NM1').el('1P').el('2').el('BENCH CLINIC').at(8).el('XX').el('1234567893').end().seg('HL').el('3').el('2').el('22').el('0').end().seg('TRN').el('1').el(`T${n}`).el('9877281234').end().seg('NM1').el('IL').el('1').el(p.name?.[0]?.family ?? '').el(p.name?.[0]?.given?.[0] ?? '').at(8).el('MI').el(memberId).end().seg('DMG').el('D8').el((p.birthDate ?? '').replace(/-/g, '')).end().seg('EQ').el('30').end();
  const parties = { senderQualifier: 'ZZ', senderId: 'BENCH', receiverQualifier: 'ZZ', receiverId: 'CDGHEALTHPLAN', usage: 'T' as const, ackRequested: false };
  return writeInterchange(w, parties, n, new Date('2026-01-01T12:00:00Z'), [
    { functionalId: 'HS', senderCode: 'BENCH', receiverCode: 'CDGHEALTHPLAN', controlNumber: n, version: '005010X279A1', transactions: [{ code: '270', controlNumber: '0001', implementation: '005010X279A1', body }] },
  ]);
}
