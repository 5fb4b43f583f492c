import type { Claim, Practitioner } from 'fhir/r4';
import { CODE_SYSTEM } from '../../population/conventions.js';
import { billedItems, lineChargeCents, lineDate, linePlaceOfService, lineUnits, serviceStart, writeModifiers } from '../fhir/claim-billing.js';
import { codeIn } from '../fhir/read.js';
import { GUIDE_837D } from '../guides/837d.js';
import { maxOf } from '../guides/types.js';
import type { TransactionBody } from '../x12/writer.js';
import { writeOfficeClaimHeader, type ClaimLoopTools } from './837-claim-loops.js';
import { writeOtherPayer, type OtherPayer } from './837-other-payer.js';

type ClaimItem = NonNullable<Claim['item']>[number];

const TOOTH = maxOf(GUIDE_837D, 'TOO', 2);
/** TOO03 carries at most five surfaces (C005 has five components). */
const MAX_SURFACES = GUIDE_837D.segments.TOO.elements[2].components?.length ?? 5;

/** The ADA Universal tooth (item.bodySite) and surfaces (item.subSite) of a dental line. */
export function toothOf(item: ClaimItem): { tooth?: string; surfaces: string[] } {
  const tooth = codeIn(item.bodySite, CODE_SYSTEM.adaTooth);
  const surfaces: string[] = [];
  for (const s of item.subSite ?? []) {
    const code = codeIn(s, CODE_SYSTEM.adaToothSurface);
    if (code) surfaces.push(code);
  }
  return { tooth, surfaces };
}

/** SV311: pointers into HI for the line's diagnoses that are there (Situational in X224A2: only when HI is sent). */
function diagnosisPointers(body: TransactionBody, w: ClaimLoopTools, sequences: number[] | undefined): void {
  let written = 0;
  for (let i = 0; sequences && i < sequences.length && written < 4; i++) {
    const pointer = w.diagnoses.pointer(sequences[i]);
    if (pointer === 0) continue;
    if (written++ === 0) body.at(11).el(String(pointer));
    else body.sub(String(pointer));
  }
}

/**
 * Loop 2300 (CLM with the place of service as facility code, HI when the claim has diagnoses, rendering dentist
 * NM1*82/PRV*PE), 2320/2330A/2330B when the claim names other coverage (as the 837P), and 2400 (LX, SV3 with
 * AD:CDT code, TOO*JP tooth and surfaces, DTP*472) of a dental claim (005010X224A2).
 */
export function writeDental(body: TransactionBody, claim: Claim, rendering: Practitioner | undefined, w: ClaimLoopTools, other?: OtherPayer): void {
  const items = billedItems(claim, GUIDE_837D);
  const { pos, diagnoses } = writeOfficeClaimHeader(body, claim, rendering, w, true);
  if (other) writeOtherPayer(body, other, 'D');
  const start = serviceStart(claim);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const linePos = linePlaceOfService(item);
    const units = lineUnits(item);
    body.seg('LX').int(i + 1).end();
    body.seg('SV3').el('AD').sub(codeIn(item.productOrService, CODE_SYSTEM.cdt) ?? '');
    writeModifiers(body, item.modifier);
    body.money(lineChargeCents(item)).el(linePos && linePos !== pos ? linePos : undefined);
    if (units !== 1) body.at(6).int(units);
    if (diagnoses.length > 0) diagnosisPointers(body, w, item.diagnosisSequence);
    body.end();
    const { tooth, surfaces } = toothOf(item);
    if (tooth) {
      body.seg('TOO').el('JP').text(tooth, TOOTH);
      for (let s = 0; s < surfaces.length && s < MAX_SURFACES; s++) {
        if (s === 0) body.el(surfaces[s]);
        else body.sub(surfaces[s]);
      }
      body.end();
    }
    body.seg('DTP').el('472').el('D8').date(lineDate(item, start)).end();
  }
}
