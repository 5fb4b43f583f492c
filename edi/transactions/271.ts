import type { Organization } from 'fhir/r4';
import type { Text } from '../document.js';
import { memberIdOf } from '../fhir/projection.js';
import type { EligibilityAnswer } from '../fhir/eligibility.js';
import { x12Gender } from '../fhir/read.js';
import { addressSegments } from './address-segments.js';
import { orgNm1, personNm1 } from './nm1.js';
import { COPAY_BY_SERVICE_TYPE } from '../guides/service-types.js';
import { amount, x12Date } from '../x12/format.js';
import type { TransactionBody } from '../x12/writer.js';
import type { Inquiry, InquiryPerson, InquirySource } from './270.js';

const TRACES_PER_LOOP = 2;

/** EB04 insurance type code from the plan type. */
function insuranceType(planType: string | undefined): string | undefined {
  return ({ PPO: 'PR', HMO: 'HM', EPO: 'EP', HDHP: 'C1', POS: 'PS', MEDICARE_ADV: 'HN', MEDICAID: 'MC' } as Record<string, string>)[planType ?? ''];
}

const COPAY_SERVICE: Array<[keyof NonNullable<Extract<EligibilityAnswer, { kind: 'found' }>['benefits']['copays']>, string]> = [
  ['gpvisit', '98'],
  ['spvisit', '3'],
  ['urgentcare', 'UC'],
  ['emergency', '86'],
];

/** TRN*2 echoing the 270's traces (2000C/2000D TRN repeats twice in X279A1); a dependant's too when given. */
function echoTraces(body: TransactionBody, who: InquiryPerson, dependent?: InquiryPerson): void {
  const traces = dependent ? [...dependent.traces, ...who.traces] : who.traces;
  for (const t of traces.slice(0, TRACES_PER_LOOP)) body.add('TRN', '2', t[2], t[3], t[4]);
}

function echoName(body: TransactionBody, who: InquiryPerson, entity: string): void {
  const e = who.nm1;
  body.add('NM1', entity, '1', e[3], e[4], e[5], undefined, e[7], e[8], e[9]);
}

function writeBenefits(body: TransactionBody, a: Extract<EligibilityAnswer, { kind: 'found' }>, asked: string[]): void {
  const level = a.family ? 'FAM' : 'IND';
  if (!a.active) {
    body.add('EB', '6', level, { repeat: asked });
    return;
  }
  const b = a.benefits;
  body.add('EB', '1', level, { repeat: asked }, insuranceType(a.planType), a.planName);
  for (const st of asked) {
    if (b.deductible !== undefined) {
      body.add('EB', 'C', 'IND', st, undefined, undefined, '23', amount(b.deductible), undefined, undefined, undefined, undefined, 'Y');
      if (a.accumulators) body.add('EB', 'C', 'IND', st, undefined, undefined, '29', amount(Math.max(0, b.deductible - a.accumulators.deductibleMet)), undefined, undefined, undefined, undefined, 'Y');
      if (a.family && b.deductibleFamily !== undefined) body.add('EB', 'C', 'FAM', st, undefined, undefined, '23', amount(b.deductibleFamily), undefined, undefined, undefined, undefined, 'Y');
      if (a.family && b.deductibleFamily !== undefined && a.accumulators) body.add('EB', 'C', 'FAM', st, undefined, undefined, '29', amount(Math.max(0, b.deductibleFamily - a.accumulators.familyDeductibleMet)), undefined, undefined, undefined, undefined, 'Y');
    }
    if (b.outOfPocket !== undefined) {
      body.add('EB', 'G', 'IND', st, undefined, undefined, '23', amount(b.outOfPocket), undefined, undefined, undefined, undefined, 'Y');
      if (a.accumulators) body.add('EB', 'G', 'IND', st, undefined, undefined, '29', amount(Math.max(0, b.outOfPocket - a.accumulators.outOfPocketMet)), undefined, undefined, undefined, undefined, 'Y');
      if (a.family && b.outOfPocketFamily !== undefined) body.add('EB', 'G', 'FAM', st, undefined, undefined, '23', amount(b.outOfPocketFamily), undefined, undefined, undefined, undefined, 'Y');
      if (a.family && b.outOfPocketFamily !== undefined && a.accumulators) body.add('EB', 'G', 'FAM', st, undefined, undefined, '29', amount(Math.max(0, b.outOfPocketFamily - a.accumulators.familyOutOfPocketMet)), undefined, undefined, undefined, undefined, 'Y');
    }
    if (b.coinsurance !== undefined) body.add('EB', 'A', 'IND', st, undefined, undefined, undefined, undefined, amount(b.coinsurance), undefined, undefined, undefined, 'Y');
    const specific = COPAY_BY_SERVICE_TYPE[st];
    const copays = specific ? COPAY_SERVICE.filter(([k]) => k === ({ copayPrimaryCare: 'gpvisit', copaySpecialist: 'spvisit', copayUrgentCare: 'urgentcare', copayEmergency: 'emergency' } as const)[specific]) : st === '30' ? COPAY_SERVICE : [];
    for (const [key, serviceType] of copays) {
      const value = b.copays[key];
      if (value !== undefined) body.add('EB', 'B', 'IND', specific ? st : serviceType, undefined, undefined, '27', amount(value), undefined, undefined, undefined, undefined, 'Y');
    }
  }
}

function writeMember(body: TransactionBody, text: Text, a: Extract<EligibilityAnswer, { kind: 'found' }>, who: InquiryPerson, forDependent: boolean): void {
  const p = forDependent ? a.patient : a.subscriber;
  personNm1(body, forDependent ? '03' : 'IL', p.name, { qualifier: 'MI', value: forDependent ? undefined : (a.isDependent ? a.subscriberMemberId : a.memberId) });
  const group = text(a.coverage?.class?.find((c) => c.type?.coding?.some((x) => x.code === 'group'))?.value, 50);
  if (!forDependent && group) body.add('REF', '6P', group);
  addressSegments(body, p, false);
  if (p.birthDate) body.add('DMG', 'D8', x12Date(p.birthDate), x12Gender(p.gender));
  const showCoverage = forDependent || !a.isDependent;
  if (showCoverage && a.coverage?.period?.start) body.add('DTP', '346', 'D8', x12Date(a.coverage.period.start));
  if (showCoverage && a.coverage?.period?.end) body.add('DTP', '347', 'D8', x12Date(a.coverage.period.end));
  if (showCoverage) writeBenefits(body, a, who.serviceTypes.length > 0 ? who.serviceTypes : ['30']);
}

/**
 * The 271 body (005010X279A1) answering one 270 transaction set: mirrors its HL structure; per member
 * TRN*2 echoes the 270 trace, then NM1/N3/N4/DMG/DTP and EB segments, or AAA with the reject reason.
 */
export function write271Body(
  body: TransactionBody,
  text: Text,
  sources: InquirySource[],
  answer: (inquiry: Inquiry, payer?: Organization) => EligibilityAnswer,
  findPayer: (nm1: readonly string[]) => Organization | undefined,
): void {
  let hl = 0;
  for (const src of sources) {
    const sourceHl = ++hl;
    const payer = findPayer(src.nm1);
    body.add('HL', String(sourceHl), undefined, '20', '1');
    if (payer) orgNm1(body, 'PR', payer.name, { qualifier: 'PI', value: src.nm1[9] });
    else {
      body.add('NM1', src.nm1[1] || 'PR', '2', src.nm1[3] || 'UNKNOWN', undefined, undefined, undefined, undefined, src.nm1[8] || undefined, src.nm1[9] || undefined);
      body.add('AAA', 'N', undefined, '79', 'C');
    }
    for (const rcv of src.receivers) {
      const receiverHl = ++hl;
      body.add('HL', String(receiverHl), String(sourceHl), '21', '1');
      const r = rcv.nm1;
      body.add('NM1', r[1] || '1P', r[2] || '2', r[3], r[4], r[5], undefined, r[7], r[8], r[9]);
      for (const inq of rcv.inquiries) {
        const a = payer ? answer(inq, payer) : ({ kind: 'reject', reason: '75', at: 'subscriber' } as const);
        const subscriberHl = ++hl;
        if (a.kind === 'reject' && a.at === 'subscriber') {
          // No 2000D under a subscriber not found: HL04 says so, and the dependant's trace is echoed here.
          body.add('HL', String(subscriberHl), String(receiverHl), '22', '0');
          echoTraces(body, inq.subscriber, inq.dependent);
          echoName(body, inq.subscriber, 'IL');
          body.add('AAA', 'N', undefined, a.reason, 'C');
          continue;
        }
        body.add('HL', String(subscriberHl), String(receiverHl), '22', inq.dependent ? '1' : '0');
        echoTraces(body, inq.subscriber);
        if (a.kind === 'found') writeMember(body, text, a, inq.subscriber, false);
        else if (a.subscriber) {
          personNm1(body, 'IL', a.subscriber.name, { qualifier: 'MI', value: memberIdOf(a.subscriber) ?? inq.subscriber.memberId });
        }
        if (inq.dependent) {
          body.add('HL', String(++hl), String(subscriberHl), '23', '0');
          echoTraces(body, inq.dependent);
          if (a.kind === 'reject') {
            echoName(body, inq.dependent, '03');
            body.add('AAA', 'N', undefined, a.reason, 'C');
          } else writeMember(body, text, a, inq.dependent, true);
        }
      }
    }
  }
}
