import type { Steps } from '../../data-store/stepped.js';
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
import { GUIDE_270 } from '../guides/270-271.js';
import { maxUse } from '../guides/types.js';
import type { Inquiry, InquiryPerson, InquirySource } from './270.js';

/** The traces a 270 subscriber or dependent loop carries (2000C/2000D TRN max use in X279A1): the ones a 271 echoes. */
const TRACES_PER_LOOP = maxUse(GUIDE_270, '2000C', 'TRN');

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

/** TRN*2 echoing the 270's traces; a dependant's too when given. */
function echoTraces(body: TransactionBody, who: InquiryPerson, dependent?: InquiryPerson): void {
  const traces = dependent ? [...dependent.traces, ...who.traces] : who.traces;
  for (const t of traces.slice(0, TRACES_PER_LOOP)) body.seg('TRN').el('2').el(t[2]).el(t[3]).el(t[4]).end();
}

function echoName(body: TransactionBody, who: InquiryPerson, entity: string): void {
  const e = who.nm1;
  body.seg('NM1').el(entity).el('1').el(e[3]).el(e[4]).el(e[5]).at(7).el(e[7]).el(e[8]).el(e[9]).end();
}

function writeBenefits(body: TransactionBody, a: Extract<EligibilityAnswer, { kind: 'found' }>, asked: string[]): void {
  const level = a.family ? 'FAM' : 'IND';
  if (!a.active) {
    body.seg('EB').el('6').el(level).repeats(asked).end();
    return;
  }
  const b = a.benefits;
  body.seg('EB').el('1').el(level).repeats(asked).el(insuranceType(a.planType)).el(a.planName).end();
  for (const st of asked) {
    if (b.deductible !== undefined) {
      body.seg('EB').el('C').el('IND').el(st).at(6).el('23').el(amount(b.deductible)).at(12).el('Y').end();
      if (a.accumulators) body.seg('EB').el('C').el('IND').el(st).at(6).el('29').el(amount(Math.max(0, b.deductible - a.accumulators.deductibleMet))).at(12).el('Y').end();
      if (a.family && b.deductibleFamily !== undefined) body.seg('EB').el('C').el('FAM').el(st).at(6).el('23').el(amount(b.deductibleFamily)).at(12).el('Y').end();
      if (a.family && b.deductibleFamily !== undefined && a.accumulators) body.seg('EB').el('C').el('FAM').el(st).at(6).el('29').el(amount(Math.max(0, b.deductibleFamily - a.accumulators.familyDeductibleMet))).at(12).el('Y').end();
    }
    if (b.outOfPocket !== undefined) {
      body.seg('EB').el('G').el('IND').el(st).at(6).el('23').el(amount(b.outOfPocket)).at(12).el('Y').end();
      if (a.accumulators) body.seg('EB').el('G').el('IND').el(st).at(6).el('29').el(amount(Math.max(0, b.outOfPocket - a.accumulators.outOfPocketMet))).at(12).el('Y').end();
      if (a.family && b.outOfPocketFamily !== undefined) body.seg('EB').el('G').el('FAM').el(st).at(6).el('23').el(amount(b.outOfPocketFamily)).at(12).el('Y').end();
      if (a.family && b.outOfPocketFamily !== undefined && a.accumulators) body.seg('EB').el('G').el('FAM').el(st).at(6).el('29').el(amount(Math.max(0, b.outOfPocketFamily - a.accumulators.familyOutOfPocketMet))).at(12).el('Y').end();
    }
    if (b.coinsurance !== undefined) body.seg('EB').el('A').el('IND').el(st).at(8).el(amount(b.coinsurance)).at(12).el('Y').end();
    const specific = COPAY_BY_SERVICE_TYPE[st];
    const copays = specific ? COPAY_SERVICE.filter(([k]) => k === ({ copayPrimaryCare: 'gpvisit', copaySpecialist: 'spvisit', copayUrgentCare: 'urgentcare', copayEmergency: 'emergency' } as const)[specific]) : st === '30' ? COPAY_SERVICE : [];
    for (const [key, serviceType] of copays) {
      const value = b.copays[key];
      if (value !== undefined) body.seg('EB').el('B').el('IND').el(specific ? st : serviceType).at(6).el('27').el(amount(value)).at(12).el('Y').end();
    }
  }
}

function writeMember(body: TransactionBody, text: Text, a: Extract<EligibilityAnswer, { kind: 'found' }>, who: InquiryPerson, forDependent: boolean): void {
  const p = forDependent ? a.patient : a.subscriber;
  personNm1(body, forDependent ? '03' : 'IL', p.name, { qualifier: 'MI', value: forDependent ? undefined : (a.isDependent ? a.subscriberMemberId : a.memberId) });
  const group = text(a.coverage?.class?.find((c) => c.type?.coding?.some((x) => x.code === 'group'))?.value, 50);
  if (!forDependent && group) body.seg('REF').el('6P').el(group).end();
  addressSegments(body, p, false);
  if (p.birthDate) body.seg('DMG').el('D8').el(x12Date(p.birthDate)).el(x12Gender(p.gender)).end();
  const showCoverage = forDependent || !a.isDependent;
  if (showCoverage && a.coverage?.period?.start) body.seg('DTP').el('346').el('D8').el(x12Date(a.coverage.period.start)).end();
  if (showCoverage && a.coverage?.period?.end) body.seg('DTP').el('347').el('D8').el(x12Date(a.coverage.period.end)).end();
  if (showCoverage) writeBenefits(body, a, who.serviceTypes.length > 0 ? who.serviceTypes : ['30']);
}

/** Inquiries answered between two yields of write271Body (each one a few lookups). */
const INQUIRIES_PER_STEP = 32;

/**
 * The 271 body (005010X279A1) answering one 270 transaction set: mirrors its HL structure; per member
 * TRN*2 echoes the 270 trace, then NM1/N3/N4/DMG/DTP and EB segments, or AAA with the reject reason.
 */
export function* write271Body(
  body: TransactionBody,
  text: Text,
  sources: InquirySource[],
  answer: (inquiry: Inquiry, payer?: Organization) => EligibilityAnswer,
  findPayer: (nm1: readonly string[]) => Organization | undefined,
): Steps<void> {
  let hl = 0;
  let answered = 0;
  for (const src of sources) {
    const sourceHl = ++hl;
    const payer = findPayer(src.nm1);
    body.seg('HL').el(String(sourceHl)).at(3).el('20').el('1').end();
    if (payer) orgNm1(body, 'PR', payer.name, { qualifier: 'PI', value: src.nm1[9] });
    else {
      body.seg('NM1').el(src.nm1[1] || 'PR').el('2').el(src.nm1[3] || 'UNKNOWN').at(8).el(src.nm1[8] || undefined).el(src.nm1[9] || undefined).end();
      body.seg('AAA').el('N').at(3).el('79').el('C').end();
    }
    for (const rcv of src.receivers) {
      const receiverHl = ++hl;
      body.seg('HL').el(String(receiverHl)).el(String(sourceHl)).el('21').el('1').end();
      const r = rcv.nm1;
      body.seg('NM1').el(r[1] || '1P').el(r[2] || '2').el(r[3]).el(r[4]).el(r[5]).at(7).el(r[7]).el(r[8]).el(r[9]).end();
      for (const inq of rcv.inquiries) {
        if (++answered % INQUIRIES_PER_STEP === 0) yield;
        const a = payer ? answer(inq, payer) : ({ kind: 'reject', reason: '75', at: 'subscriber' } as const);
        const subscriberHl = ++hl;
        if (a.kind === 'reject' && a.at === 'subscriber') {
          // No 2000D under a subscriber not found: HL04 says so, and the dependant's trace is echoed here.
          body.seg('HL').el(String(subscriberHl)).el(String(receiverHl)).el('22').el('0').end();
          echoTraces(body, inq.subscriber, inq.dependent);
          echoName(body, inq.subscriber, 'IL');
          body.seg('AAA').el('N').at(3).el(a.reason).el('C').end();
          continue;
        }
        body.seg('HL').el(String(subscriberHl)).el(String(receiverHl)).el('22').el(inq.dependent ? '1' : '0').end();
        echoTraces(body, inq.subscriber);
        if (a.kind === 'found') writeMember(body, text, a, inq.subscriber, false);
        else if (a.subscriber) {
          personNm1(body, 'IL', a.subscriber.name, { qualifier: 'MI', value: memberIdOf(a.subscriber) ?? inq.subscriber.memberId });
        }
        if (inq.dependent) {
          body.seg('HL').el(String(++hl)).el(String(subscriberHl)).el('23').el('0').end();
          echoTraces(body, inq.dependent);
          if (a.kind === 'reject') {
            echoName(body, inq.dependent, '03');
            body.seg('AAA').el('N').at(3).el(a.reason).el('C').end();
          } else writeMember(body, text, a, inq.dependent, true);
        }
      }
    }
  }
}
