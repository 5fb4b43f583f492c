import { CODE_SYSTEM } from '../../population/conventions.js';
import { writeOtherPayer, type OtherPayer } from './837-other-payer.js';
import type { Claim, Organization, Practitioner } from 'fhir/r4';
import { billedItems, lineChargeCents, lineDate, linePlaceOfService, lineProcedure, lineRevenue, lineUnits, serviceEnd, serviceStart, writeModifiers, type ClaimDiagnoses } from '../fhir/claim-billing.js';
import { patientControlNumberOf, supportingCodeOf, typeOfBillOf } from '../fhir/claim-view.js';
import { GUIDE_837I, GUIDE_837P, ROUTINE_PATIENT_STATUS } from '../guides/837.js';
import { GUIDE_837D } from '../guides/837d.js';
import { maxOf } from '../guides/types.js';
import { npiOf } from '../fhir/projection.js';
import { x12Diagnosis } from '../fhir/read.js';
import { orgNm1, personNm1 } from './nm1.js';
import { x12Date } from '../x12/format.js';
import type { SegmentBlock } from '../x12/transaction-body.js';
import type { TransactionBody } from '../x12/writer.js';

/** CLM01 (patient control number) length from the 837 guides (the same in X222A1 and X223A2). */
const PCN = maxOf(GUIDE_837P, 'CLM', 1);

/** What writing claims' loops shares within one document: one diagnosis list refilled per claim, and the rendering providers' NM1s. */
export interface ClaimLoopTools {
  diagnoses: ClaimDiagnoses;
  renderingLoops: RenderingLoops;
}

/** NM1 for a provider: a person (entity type 1) or an organization (2), with its NPI. */
export function providerName(body: TransactionBody, entity: string, who: Organization | Practitioner | undefined): void {
  const npi = npiOf(who);
  if (who?.resourceType === 'Practitioner') return personNm1(body, entity, who.name, { qualifier: 'XX', value: npi }, { suffix: false });
  orgNm1(body, entity, who?.name ?? 'UNKNOWN PROVIDER', { qualifier: 'XX', value: npi });
}

/**
 * The NM1/PRV of each rendering (or attending) provider, encoded once per document and taxonomy: a few hundred
 * practitioners render 10,000 claims.
 */
export type RenderingLoops = Map<Practitioner, Map<string, SegmentBlock>>;

/** The NUCC taxonomy the claim's rendering provider acted under (Claim.careTeam[0].qualification). */
export function renderingTaxonomy(claim: Claim): string | undefined {
  return claim.careTeam?.[0]?.qualification?.coding?.find((c) => c.system === CODE_SYSTEM.nuccTaxonomy)?.code;
}

/**
 * NM1*82 and PRV*PE (professional, 2310B) or NM1*71 and PRV*AT (institutional, 2310A) for a claim's rendering
 * provider. PRV is situational, "required when the payer's adjudication is known to be impacted by the provider
 * taxonomy code" (X222A1/X223A2): ours is (primary care vs specialist copays).
 */
export function renderingProvider(body: TransactionBody, entity: '82' | '71', who: Practitioner, taxonomy: string | undefined, loops: RenderingLoops): void {
  let byTaxonomy = loops.get(who);
  if (!byTaxonomy) loops.set(who, (byTaxonomy = new Map()));
  body.addRepeated(byTaxonomy, `${entity}|${taxonomy ?? ''}`, () => {
    providerName(body, entity, who);
    if (taxonomy) body.seg('PRV').el(entity === '82' ? 'PE' : 'AT').el('PXC').el(taxonomy).end();
  });
}

/** HI (professional): one diagnosis per element, the first with the principal qualifier (ABK), the rest ABF. */
export function diagnosisSegment(body: TransactionBody, diagnoses: ClaimDiagnoses): void {
  body.seg('HI');
  for (let i = 0; i < diagnoses.length; i++) body.el(i === 0 ? 'ABK' : 'ABF').sub(x12Diagnosis(diagnoses.codes[i]));
  body.end();
}

/**
 * Loop 2300's CLM, HI and rendering provider (NM1*82, PRV*PE) of a professional or dental claim: CLM05-1 is the
 * first line's place of service that has one (lines elsewhere say so in SV105), CLM02 the total of the lines.
 */
export function writeOfficeClaimHeader(body: TransactionBody, claim: Claim, rendering: Practitioner | undefined, w: ClaimLoopTools, dental = false): { pos: string; diagnoses: ReturnType<ClaimLoopTools['diagnoses']['read']> } {
  const items = billedItems(claim, dental ? GUIDE_837D : GUIDE_837P);
  let pos: string | undefined;
  let totalCents = 0;
  for (let i = 0; i < items.length; i++) {
    totalCents += lineChargeCents(items[i]);
    pos ??= linePlaceOfService(items[i]);
  }
  pos ??= '11';
  body.seg('CLM').text(patientControlNumberOf(claim), PCN).money(totalCents).at(5).el(pos).sub('B').sub('1').el('Y').el('A').el('Y').el('Y').end();
  const diagnoses = w.diagnoses.read(claim);
  if (diagnoses.length > 0) diagnosisSegment(body, diagnoses);
  if (rendering) renderingProvider(body, '82', rendering, renderingTaxonomy(claim), w.renderingLoops);
  return { pos, diagnoses };
}

/** Loop 2300 (CLM, HI, rendering provider) and 2400 (LX, SV1, DTP*472) of a professional claim. */
export function writeProfessional(body: TransactionBody, claim: Claim, rendering: Practitioner | undefined, w: ClaimLoopTools, other?: OtherPayer): void {
  const items = billedItems(claim, GUIDE_837P);
  const { pos, diagnoses } = writeOfficeClaimHeader(body, claim, rendering, w);
  if (other) writeOtherPayer(body, other, 'P');
  const start = serviceStart(claim);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const linePos = linePlaceOfService(item);
    body.seg('LX').int(i + 1).end();
    body.seg('SV1').el('HC').sub(lineProcedure(item));
    writeModifiers(body, item.modifier);
    body.money(lineChargeCents(item)).el('UN').int(lineUnits(item)).el(linePos && linePos !== pos ? linePos : undefined).at(7);
    diagnosisPointers(body, diagnoses, item.diagnosisSequence);
    body.end();
    body.seg('DTP').el('472').el('D8').date(lineDate(item, start)).end();
  }
}

/** SV107: up to four pointers into HI for the line's diagnoses that are there; 1 (the principal) when none is. */
function diagnosisPointers(body: TransactionBody, diagnoses: ClaimDiagnoses, sequences: number[] | undefined): void {
  let written = 0;
  for (let i = 0; sequences && i < sequences.length && written < 4; i++) {
    const pointer = diagnoses.pointer(sequences[i]);
    if (pointer === 0) continue;
    if (written++ === 0) body.el(String(pointer));
    else body.sub(String(pointer));
  }
  if (written === 0) body.el('1');
}

/**
 * CL1 (Required on every 837I claim, X223A2 2300): admission type, point of origin and patient status from the
 * Claim's supportingInfo (admtype, pointoforigin, discharge-status), the status routine when it has none.
 */
function writeInstitutionalCode(body: TransactionBody, claim: Claim): void {
  body.seg('CL1').el(supportingCodeOf(claim, 'admtype')).el(supportingCodeOf(claim, 'pointoforigin'))
    .el(supportingCodeOf(claim, 'discharge-status') ?? ROUTINE_PATIENT_STATUS).end();
}

/** Loop 2300 (CLM, DTP, CL1, HI, attending provider) and 2400 (LX, SV2, DTP*472) of an institutional claim. */
export function writeInstitutional(body: TransactionBody, claim: Claim, attending: Practitioner | undefined, w: ClaimLoopTools, other?: OtherPayer): void {
  const items = billedItems(claim, GUIDE_837I);
  let totalCents = 0;
  for (let i = 0; i < items.length; i++) totalCents += lineChargeCents(items[i]);
  const tob = (typeOfBillOf(claim) ?? '0131').replace(/^0/, '').padStart(3, '0');
  const start = serviceStart(claim);
  const end = serviceEnd(claim, start);
  body.seg('CLM').text(patientControlNumberOf(claim), PCN).money(totalCents).at(5).el(tob.slice(0, 2)).sub('A').sub(tob.slice(2, 3)).at(7)
    .el('A').el('Y').el('Y').end();
  body.seg('DTP').el('434').el('RD8').el(`${x12Date(start)}-${x12Date(end)}`).end();
  if (tob.startsWith('11')) body.seg('DTP').el('435').el('D8').date(start).end();
  writeInstitutionalCode(body, claim);
  const diagnoses = w.diagnoses.read(claim);
  if (diagnoses.length > 0) {
    body.seg('HI').el('ABK').sub(x12Diagnosis(diagnoses.codes[0])).end();
    if (diagnoses.length > 1) {
      body.seg('HI');
      for (let i = 1; i < diagnoses.length; i++) body.el('ABF').sub(x12Diagnosis(diagnoses.codes[i]));
      body.end();
    }
  }
  if (attending) renderingProvider(body, '71', attending, renderingTaxonomy(claim), w.renderingLoops);
  if (other) writeOtherPayer(body, other, 'I');
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const code = lineProcedure(item);
    body.seg('LX').int(i + 1).end();
    body.seg('SV2').el(lineRevenue(item) ?? '0510');
    if (code) {
      body.el('HC').sub(code);
      writeModifiers(body, item.modifier);
    }
    body.at(3).money(lineChargeCents(item)).el('UN').int(lineUnits(item)).end();
    body.seg('DTP').el('472').el('D8').date(lineDate(item, start)).end();
  }
}
