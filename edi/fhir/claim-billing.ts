import type { Claim, ClaimItem, CodeableConcept, Practitioner } from 'fhir/r4';
import { CODE_SYSTEM } from '../../population/conventions.js';
import { GUIDE_837P } from '../guides/837.js';
import { loopRule, type TransactionGuide } from '../guides/types.js';
import { cents } from '../x12/format.js';
import type { TransactionBody } from '../x12/writer.js';
import type { Projection } from './projection.js';
import { codeIn, hasCoding } from './read.js';

/**
 * What a Claim bills (https://hl7.org/fhir/R4/claim.html), read as the 837 claim (2300) and service line
 * (2400) loops write it: straight from the resource, so writing a claim allocates no copy of it.
 */

/** The first day of service: Claim.billablePeriod.start, else the date the claim was created. */
export function serviceStart(claim: Claim): string {
  return claim.billablePeriod?.start?.slice(0, 10) ?? claim.created?.slice(0, 10) ?? '';
}

/** The last day of service: Claim.billablePeriod.end, else the first. */
export function serviceEnd(claim: Claim, start: string): string {
  return claim.billablePeriod?.end?.slice(0, 10) ?? start;
}

/** The rendering (or attending) provider: the first care team member that is a known Practitioner. */
export function renderingOf(claim: Claim, p: Pick<Projection, 'practitioners'>): Practitioner | undefined {
  const team = claim.careTeam;
  if (team) {
    for (let i = 0; i < team.length; i++) {
      const pr = p.practitioners.ref(team[i].provider);
      if (pr) return pr;
    }
  }
  return undefined;
}

/** Claim.item.quantity (1 when absent). */
export function lineUnits(item: ClaimItem): number {
  return item.quantity?.value ?? 1;
}

/** The line charge in cents: Claim.item.net, else unitPrice x quantity. */
export function lineChargeCents(item: ClaimItem): number {
  return cents(item.net?.value ?? (item.unitPrice?.value ?? 0) * lineUnits(item));
}

/** The HC (CPT, else HCPCS) procedure code of a claim or EOB line, '' when it has none. */
export function lineProcedure(item: Pick<ClaimItem, 'productOrService'>): string {
  return codeIn(item.productOrService, CODE_SYSTEM.cpt) ?? codeIn(item.productOrService, CODE_SYSTEM.hcpcs) ?? '';
}

/** The revenue code of a line (institutional). */
export function lineRevenue(item: ClaimItem): string | undefined {
  return codeIn(item.revenue, CODE_SYSTEM.revenueCode) ?? item.revenue?.coding?.[0]?.code;
}

/** The CMS place of service of a line. */
export function linePlaceOfService(item: ClaimItem): string | undefined {
  return codeIn(item.locationCodeableConcept, CODE_SYSTEM.placeOfService);
}

/** The date of service of a line: Claim.item.servicedDate or servicedPeriod.start, else the claim's first day. */
export function lineDate(item: ClaimItem, claimStart: string): string {
  return (item.servicedDate ?? item.servicedPeriod?.start ?? claimStart).slice(0, 10);
}

/**
 * Procedure modifiers as the components after the code (SV101-3..6, SV202-3..6, SVC01-3..6): up to four, the
 * first code of each modifier.
 */
export function writeModifiers(body: TransactionBody, modifiers: CodeableConcept[] | undefined): void {
  if (!modifiers) return;
  let written = 0;
  for (let i = 0; i < modifiers.length && written < 4; i++) {
    const code = modifiers[i].coding?.[0]?.code;
    if (code) {
      body.sub(code);
      written++;
    }
  }
}

/** HI01-HI12: the diagnoses one 837P HI carries (X222A1 2300 HI), the most an 837 claim here sends. */
const DIAGNOSES_PER_CLAIM = GUIDE_837P.segments.HI.elements.length;

/**
 * The lines an 837 claim carries: its items up to the guide's 2400 repeat (50 in X222A1 and X224A2, 999 in
 * X223A2; the TR3s have longer claims split by the submitter). CLM02 is the total of these.
 */
export function billedItems(claim: Claim, guide: TransactionGuide): NonNullable<Claim['item']> {
  const items = claim.item ?? [];
  const max = loopRule(guide, '2400').repeat;
  return items.length > max ? items.slice(0, max) : items;
}

/**
 * A claim's diagnoses in HI order: the principal first (ABK/BK), then the others as listed, at most 12, each
 * with its Claim.diagnosis.sequence (which service lines point to). One list is refilled claim after claim.
 */
export class ClaimDiagnoses {
  readonly codes: string[] = [];
  readonly sequences: number[] = [];
  length = 0;

  /** Refills the list from a claim. */
  read(claim: Claim): this {
    this.length = 0;
    const dx = claim.diagnosis;
    if (!dx) return this;
    let principalAt = 0;
    for (let i = 0; i < dx.length; i++) {
      if (isPrincipal(dx[i].type)) {
        principalAt = i;
        break;
      }
    }
    this.add(dx[principalAt]);
    for (let i = 0; i < dx.length; i++) if (i !== principalAt) this.add(dx[i]);
    return this;
  }

  /**
   * The 1-based HI position of a diagnosis sequence (a service line's diagnosis pointer, SV107), 0 when it is
   * not there (the last one listed wins, as a repeated sequence would).
   */
  pointer(sequence: number): number {
    for (let i = this.length - 1; i >= 0; i--) if (this.sequences[i] === sequence) return i + 1;
    return 0;
  }

  private add(d: NonNullable<Claim['diagnosis']>[number] | undefined): void {
    if (!d || this.length >= DIAGNOSES_PER_CLAIM) return;
    const code = codeIn(d.diagnosisCodeableConcept, CODE_SYSTEM.icd10cm) ?? d.diagnosisCodeableConcept?.coding?.[0]?.code;
    if (!code) return;
    this.codes[this.length] = code;
    this.sequences[this.length] = d.sequence;
    this.length++;
  }
}

/** Whether a Claim.diagnosis is typed principal. */
function isPrincipal(types: CodeableConcept[] | undefined): boolean {
  if (types) for (let i = 0; i < types.length; i++) if (hasCoding(types[i], undefined, 'principal')) return true;
  return false;
}
