import type { Claim, Coverage } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { coverageForDate } from '../../population/claims/coverage-in-force.js';
import { CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import { clinicalSample, ofType } from './clinical-fixture.js';
import { DISPLAY_BY_SYSTEM } from '../../population/claims/code-display.js';

const sample = clinicalSample(800, { seed: 'claims' });
const allClaims = sample.flatMap((s) => ofType<Claim>(s.resources, 'Claim').map((claim) => ({ claim, ctx: s.ctx })));
/** Medical claims (837P/837I); dental claims (type oral) are checked on their own below, pharmacy claims (NCPDP, one per fill) in pharmacy-claims.test.ts. */
const claims = allClaims.filter(({ claim }) => !['oral', 'pharmacy'].includes(claim.type.coding?.[0]?.code ?? ''));
const oral = allClaims.filter(({ claim }) => claim.type.coding?.[0]?.code === 'oral');
const cents = (v: number | undefined): number => Math.round((v ?? 0) * 100);
const supporting = (c: Claim, code: string) => c.supportingInfo?.find((s) => s.category.coding?.[0]?.code === code);

describe('generated dental claims (type oral)', () => {
  it('bill CDT codes at the office by a general dentist, with ADA Universal teeth and surfaces on restorations and extractions', () => {
    expect(oral.length).toBeGreaterThan(0);
    let teeth = 0;
    for (const { claim } of oral) {
      expect(claim.careTeam?.[0]?.qualification?.coding?.[0]?.code).toBe('1223G0001X');
      expect(claim.diagnosis).toBeUndefined();
      for (const item of claim.item ?? []) {
        expect(item.productOrService.coding?.[0]?.system).toBe(CODE_SYSTEM.cdt);
        expect(item.productOrService.coding?.[0]?.code).toMatch(/^D\d{4}$/);
        expect(item.locationCodeableConcept?.coding?.[0]?.code).toBe('11');
        const code = item.productOrService.coding?.[0]?.code ?? '';
        const tooth = item.bodySite?.coding?.[0];
        expect(tooth !== undefined, code).toBe(['D2391', 'D2392', 'D7140'].includes(code));
        if (!tooth) continue;
        teeth++;
        expect(tooth.system).toBe(CODE_SYSTEM.adaTooth);
        expect(tooth.code).toMatch(/^([1-9]|[12]\d|3[0-2]|[A-T])$/);
        const surfaces = (item.subSite ?? []).map((x) => x.coding?.[0]?.code);
        expect(surfaces.length).toBe(code === 'D2391' ? 1 : code === 'D2392' ? 2 : 0);
        for (const x of item.subSite ?? []) expect(x.coding?.[0]?.system).toBe(CODE_SYSTEM.adaToothSurface);
      }
    }
    expect(teeth).toBeGreaterThan(0);
  });
});

describe('generated claims', () => {
  it('there are professional, institutional, dental and pharmacy claims', () => {
    const kinds = new Set(allClaims.map(({ claim }) => claim.type.coding?.[0]?.code));
    expect([...kinds].sort()).toEqual(['institutional', 'oral', 'pharmacy', 'professional']);
    for (const { claim } of allClaims) expect(claim.type.coding?.[0]?.system).toBe(CODE_SYSTEM.claimType);
  });

  it('total equals the sum of line nets, and each net is unit price x quantity', () => {
    for (const { claim } of claims) {
      const items = claim.item ?? [];
      expect(items.length).toBeGreaterThan(0);
      let sum = 0;
      items.forEach((item, i) => {
        expect(item.sequence).toBe(i + 1);
        expect(cents(item.net?.value)).toBe(cents(item.unitPrice?.value) * (item.quantity?.value ?? 0));
        sum += cents(item.net?.value);
      });
      expect(cents(claim.total?.value)).toBe(sum);
    }
  });

  it('diagnosis pointers and care team pointers are valid; #1 is principal ICD-10-CM', () => {
    for (const { claim } of claims) {
      const dx = claim.diagnosis ?? [];
      expect(dx.length).toBeGreaterThan(0);
      expect(dx.length).toBeLessThanOrEqual(12);
      dx.forEach((d, i) => {
        expect(d.sequence).toBe(i + 1);
        expect(d.diagnosisCodeableConcept?.coding?.[0]?.system).toBe(CODE_SYSTEM.icd10cm);
        const icd = d.diagnosisCodeableConcept!.coding![0]!;
        expect(icd.display, icd.code).toBe(DISPLAY_BY_SYSTEM[CODE_SYSTEM.icd10cm][icd.code!]);
        expect(icd.display?.length, icd.code).toBeGreaterThan(3);
      });
      expect(dx[0].type?.[0]?.coding?.[0]?.code).toBe('principal');
      for (const item of claim.item ?? []) {
        expect(item.diagnosisSequence?.length).toBeGreaterThan(0);
        expect(item.diagnosisSequence?.length).toBeLessThanOrEqual(4);
        for (const p of item.diagnosisSequence ?? []) expect(p >= 1 && p <= dx.length, `${claim.id} pointer ${p}`).toBe(true);
        for (const p of item.careTeamSequence ?? []) expect(claim.careTeam?.some((c) => c.sequence === p)).toBe(true);
      }
      expect(claim.careTeam?.[0]?.role?.coding?.[0]?.code).toBe('primary');
      expect(claim.careTeam?.[0]?.provider.reference).toMatch(/^Practitioner\//);
    }
  });

  it('patient control numbers are unique, short and free of X12 delimiters', () => {
    const seen = new Set<string>();
    for (const { claim } of claims) {
      const pcn = claim.identifier?.find((i) => i.system === IDENTIFIER.patientControlNumber)?.value ?? '';
      expect(pcn.length).toBeGreaterThan(0);
      expect(pcn.length).toBeLessThanOrEqual(20);
      expect(pcn).not.toMatch(/[*~:^]/);
      expect(seen.has(pcn)).toBe(false);
      seen.add(pcn);
    }
  });

  it('lines bill CPT/HCPCS codes (descriptors only as display) with a place of service; institutional lines carry revenue codes', () => {
    for (const { claim } of claims) {
      const institutional = claim.type.coding?.[0]?.code === 'institutional';
      for (const item of claim.item ?? []) {
        const coding = item.productOrService.coding?.[0];
        if (coding?.system === CODE_SYSTEM.dataAbsentReason) expect(institutional).toBe(true);
        else {
          expect([CODE_SYSTEM.cpt, CODE_SYSTEM.hcpcs]).toContain(coding?.system);
          expect(coding?.code).toMatch(/^[0-9A-Z]{5}$/);
          // The code is the code; the descriptor rides in display, from the code table (never in place of the code).
          expect(coding?.display).toBe(DISPLAY_BY_SYSTEM[coding!.system!][coding!.code!]);
          expect(coding?.display?.length).toBeGreaterThan(5);
        }
        for (const c of [item.locationCodeableConcept?.coding?.[0], item.revenue?.coding?.[0]].filter((x) => x !== undefined)) {
          expect(c.display, `${c.system}|${c.code}`).toBe(DISPLAY_BY_SYSTEM[c.system!][c.code!]);
        }
        expect(item.locationCodeableConcept?.coding?.[0]?.system).toBe(CODE_SYSTEM.placeOfService);
        expect(['11', '21', '22', '23']).toContain(item.locationCodeableConcept?.coding?.[0]?.code);
        if (institutional) expect(item.revenue?.coding?.[0]).toMatchObject({ system: CODE_SYSTEM.revenueCode, code: expect.stringMatching(/^\d{4}$/) });
      }
    }
  });

  it('institutional claims carry a type of bill; inpatient ones an admission period', () => {
    let inpatient = 0;
    for (const { claim } of claims) {
      if (claim.type.coding?.[0]?.code !== 'institutional') continue;
      const tob = supporting(claim, 'typeofbill')?.code?.coding?.[0];
      expect(tob?.system).toBe(CODE_SYSTEM.typeOfBill);
      expect(['0111', '0131']).toContain(tob?.code);
      if (tob?.code === '0111') {
        inpatient++;
        const period = supporting(claim, 'admissionperiod')?.timingPeriod;
        expect(period?.start).toBe(claim.billablePeriod?.start);
        expect(period?.end).toBe(claim.billablePeriod?.end);
      }
    }
    expect(inpatient).toBeGreaterThan(0);
  });

  it('claims go to the payer of the coverage in force, else to the last coverage that had started', () => {
    for (const { claim, ctx } of claims) {
      const coverageRef = claim.insurance?.[0]?.coverage.reference;
      expect(claim.insurance?.[0]).toMatchObject({ sequence: 1, focal: true });
      const coverage = ctx.coverages.find((c) => `Coverage/${c.id ?? ''}` === coverageRef) as Coverage;
      expect(coverage).toBeDefined();
      expect(coverageForDate(ctx.coverages, claim.billablePeriod?.start ?? '')).toBe(coverage);
      expect(claim.insurer?.reference).toBe(coverage.payor[0].reference);
      expect(claim.provider.reference).toMatch(/^Organization\//);
      expect(claim.status).toBe('active');
      expect(claim.use).toBe('claim');
      expect(claim.priority.coding?.[0]?.code).toBe('normal');
    }
  });
});
