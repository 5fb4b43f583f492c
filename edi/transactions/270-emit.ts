import type { Coverage, Organization, Patient } from 'fhir/r4';
import { startDocument, type BuiltDocument } from '../document.js';
import { memberIdOf, npiOf, payerIdOf } from '../fhir/projection.js';
import { personName, x12Gender } from '../fhir/read.js';
import { GUIDE_270 } from '../guides/270-271.js';
import { maxOf } from '../guides/types.js';
import type { EdiOptions } from '../options.js';
import { stamp } from '../x12/format.js';

export interface InquiryMember {
  patient: Patient;
  coverage: Coverage;
  payer: Organization;
}

/** TRN03 of our inquiries: '9' + a 9-digit id, as X279A1 2000C TRN03 asks for an originator without an EIN. */
const ORIGINATOR = '9000000001';
/** NM103 and NM104 lengths from the 270 guide. */
const NAME_MAX = maxOf(GUIDE_270, 'NM1', 3);
const FIRST_MAX = maxOf(GUIDE_270, 'NM1', 4);

/**
 * Health care eligibility benefit inquiry, 005010X279A1, as a provider would send it: one transaction set, an
 * information source (2000A, HL*20) per payer, one information receiver (2000B, the provider) under each, and
 * every member as a subscriber (2000C, HL*22) by their own member id (dependants with a unique member id are
 * sent at the subscriber level, X279A1 1.4.7.1), asking for health benefit plan coverage (EQ*30) on `date`.
 */
export function emit270(members: readonly InquiryMember[], provider: Organization, options: EdiOptions, date: string): BuiltDocument {
  const t = stamp(options.clock());
  const doc = startDocument(options, { functionalId: GUIDE_270.functionalId, version: GUIDE_270.implementation }, members.length > 0 ? 1 : 0, {
    senderId: options.partnerId, receiverId: options.ourId,
  });
  if (members.length === 0) return doc.finish();
  const body = doc.transaction('270', GUIDE_270.implementation);
  body.seg('BHT').el('0022').el('13').el(`INQ${t.date}${t.time}`).el(t.date).el(t.time).end();
  const byPayer = new Map<string, InquiryMember[]>();
  for (const m of members) byPayer.set(payerIdOf(m.payer), [...(byPayer.get(payerIdOf(m.payer)) ?? []), m]);
  let hl = 0;
  let trace = 0;
  for (const [payerId, list] of byPayer) {
    const source = ++hl;
    body.seg('HL').el(String(source)).at(3).el('20').el('1').end();
    body.seg('NM1').el('PR').el('2').text(list[0]!.payer.name ?? payerId, NAME_MAX).at(8).el('PI').el(payerId).end();
    const receiver = ++hl;
    body.seg('HL').el(String(receiver)).el(String(source)).el('21').el('1').end();
    body.seg('NM1').el('1P').el('2').text(provider.name ?? 'PROVIDER', NAME_MAX).at(8).el('XX').el(npiOf(provider) ?? '').end();
    for (const m of list) {
      body.seg('HL').el(String(++hl)).el(String(receiver)).el('22').el('0').end();
      body.seg('TRN').el('1').el(`CDG${String(++trace).padStart(7, '0')}`).el(ORIGINATOR).end();
      const name = personName(m.patient.name);
      body.seg('NM1').el('IL').el('1').text(name.family, NAME_MAX).text(name.given, FIRST_MAX).at(8).el('MI').el(memberIdOf(m.patient, m.coverage) ?? '').end();
      if (m.patient.birthDate) body.seg('DMG').el('D8').date(m.patient.birthDate).el(x12Gender(m.patient.gender)).end();
      body.seg('DTP').el('291').el('D8').date(date).end();
      body.seg('EQ').el('30').end();
    }
  }
  return doc.finish();
}
