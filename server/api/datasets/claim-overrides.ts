/**
 * claim_data overrides of POST /api/v1/edi/claims: a principal diagnosis (ICD-10-CM) and a procedure (CPT) put on
 * every generated claim. Only codes of our claim code tables (population/data/claims/code-displays.ts) are
 * accepted, so every claim sent still carries a real, displayable code; anything else is a 400 naming it.
 */
import type { Claim } from 'fhir/r4';
import { claimCoding } from '../../../population/claims/code-display.js';
import { CODE_SYSTEM } from '../../../population/conventions.js';
import { CPT_DISPLAY, ICD10CM_DISPLAY } from '../../../population/data/claims/code-displays.js';
import { ApiError, badParameter } from '../envelope.js';
import type { Input } from '../params.js';

export interface ClaimOverrides {
  diagnosisCode?: string;
  serviceCode?: string;
}

/** ICD-10-CM is written with its dot (E11.9); X12 drops it (E119): both spellings are accepted. */
function icd10(value: string): string | undefined {
  const bare = value.trim().toUpperCase().replace('.', '');
  return Object.keys(ICD10CM_DISPLAY).find((code) => code.replace('.', '') === bare);
}

function code(input: Input, field: 'diagnosis_code' | 'service_code'): string | undefined {
  const v = input[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw badParameter(`claim_data.${field}`, `claim_data.${field} must be a string`);
  const known = field === 'diagnosis_code' ? icd10(v) : CPT_DISPLAY[v.trim()] === undefined ? undefined : v.trim();
  if (!known) {
    const table = field === 'diagnosis_code' ? 'ICD-10-CM' : 'CPT';
    throw new ApiError(400, 'unknown_code', `claim_data.${field} ${JSON.stringify(v)} is not one of the ${table} codes this generator knows`, {
      parameter: `claim_data.${field}`, value: v, known: Object.keys(field === 'diagnosis_code' ? ICD10CM_DISPLAY : CPT_DISPLAY),
    });
  }
  return known;
}

export function parseClaimOverrides(input: Input): ClaimOverrides {
  const data = input.claim_data;
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw badParameter('claim_data', 'claim_data must be an object');
  return { diagnosisCode: code(data as Input, 'diagnosis_code'), serviceCode: code(data as Input, 'service_code') };
}

/** A copy of the claim with the overrides applied and at most `maxLines` service lines (total recomputed). */
export function applyOverrides(claim: Claim, o: ClaimOverrides, maxLines: number | undefined): Claim {
  const copy = structuredClone(claim);
  if (o.diagnosisCode) {
    const principal = copy.diagnosis?.find((d) => d.sequence === 1);
    if (principal) principal.diagnosisCodeableConcept = { coding: [claimCoding(CODE_SYSTEM.icd10cm, o.diagnosisCode)] };
  }
  for (const item of copy.item ?? []) {
    if (o.serviceCode && item.productOrService.coding?.some((c) => c.system === CODE_SYSTEM.cpt || c.system === CODE_SYSTEM.hcpcs)) {
      item.productOrService = { coding: [claimCoding(CODE_SYSTEM.cpt, o.serviceCode)] };
    }
  }
  if (maxLines !== undefined && (copy.item?.length ?? 0) > maxLines) {
    copy.item = copy.item!.slice(0, maxLines);
    const cents = copy.item.reduce((n, i) => n + Math.round((i.net?.value ?? 0) * 100), 0);
    copy.total = { value: cents / 100, currency: copy.total?.currency ?? 'USD' };
  }
  return copy;
}
