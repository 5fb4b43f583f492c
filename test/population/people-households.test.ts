import type { Coverage, Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { CODE_SYSTEM, EXTENSION, IDENTIFIER } from '../../population/conventions.js';
import { planById, plansOfKind } from '../../population/data/plans.js';
import { householdOfPatient, planHouseholds } from '../../population/households.js';
import { ageOf, config, extensionValue, generatePeople, type People } from './people-fixture.js';

const cfg = config({ seed: 'households', patients: 3000 });
let people: People;
let byId: Map<string, Patient>;

const current = (covs: Coverage[]): Coverage | undefined => covs.find((c) => c.status === 'active' && c.period?.end === undefined);
const rel = (c: Coverage) => c.relationship?.coding?.[0]?.code;
const planOf = (c: Coverage) => c.class?.find((k) => k.type.coding?.[0]?.code === 'plan')?.value;
const groupOf = (c: Coverage) => c.class?.find((k) => k.type.coding?.[0]?.code === 'group')?.value;

beforeAll(() => {
  people = generatePeople(cfg);
  byId = new Map(people.patients.map((p) => [p.id as string, p]));
});

describe('household plan', () => {
  it('covers every patient index exactly once, in order, subscriber first', () => {
    const households = planHouseholds(cfg);
    const indexes = households.flatMap((h) => h.members.map((m) => m.patientIndex));
    expect(indexes).toEqual([...Array(cfg.patients).keys()]);
    for (const h of households) expect(h.members[0].role).toBe('subscriber');
    expect(householdOfPatient(cfg, 1234).member.patientIndex).toBe(1234);
    expect(() => householdOfPatient(cfg, cfg.patients)).toThrow(RangeError);
  });

  it('has multi-member households with spouses and children', () => {
    const households = planHouseholds(cfg);
    expect(households.filter((h) => h.members.some((m) => m.role === 'spouse')).length).toBeGreaterThan(households.length * 0.25);
    expect(households.filter((h) => h.members.some((m) => m.role === 'child')).length).toBeGreaterThan(households.length * 0.1);
  });
});

describe('households in the generated patients', () => {
  it('members share household id, address and home phone; children are 18+ years younger and at most 26', () => {
    let checkedChildren = 0;
    for (const h of planHouseholds(cfg)) {
      const members = h.members.map((m) => byId.get(`pt-${String(m.patientIndex).padStart(6, '0')}`) as Patient);
      const first = members[0];
      const parents = h.members.filter((m) => m.role !== 'child').map((m) => members[h.members.indexOf(m)]);
      for (const [k, p] of members.entries()) {
        expect(extensionValue(p, EXTENSION.householdId)).toBe(h.id);
        expect(extensionValue(p, EXTENSION.patientIndex)).toBe(h.members[k].patientIndex);
        expect(p.address).toEqual(first.address);
        expect(p.telecom?.find((t) => t.use === 'home' && t.system === 'phone')?.value).toBe(first.telecom?.[0].value);
        expect(ageOf(p, cfg.asOf)).toBe(h.members[k].ageYears);
        if (h.members[k].role === 'child') {
          checkedChildren++;
          expect(p.name?.[0].family).toBe(first.name?.[0].family);
          expect(ageOf(p, cfg.asOf)).toBeLessThanOrEqual(26);
          for (const parent of parents) {
            const [py, pm, pd] = (parent.birthDate as string).split('-').map(Number);
            const eighteenth = `${py + 18}-${String(pm).padStart(2, '0')}-${String(pd).padStart(2, '0')}`;
            expect((p.birthDate as string) >= eighteenth, `${p.id} vs ${parent.id}`).toBe(true);
          }
        }
      }
    }
    expect(checkedChildren).toBeGreaterThan(300);
  });

  it("dependents' coverage points at the subscriber's Patient and subscriber id, with relationship and dependent suffix", () => {
    let dependents = 0;
    for (const h of planHouseholds(cfg)) {
      const sub = byId.get(`pt-${String(h.members[0].patientIndex).padStart(6, '0')}`) as Patient;
      const subCov = current(people.coveragesOf.get(sub.id as string) ?? []);
      if (!subCov || subCov.type?.text === 'MEDICARE_ADV') continue; // Medicare is individual: everyone 65+ is their own subscriber
      expect(rel(subCov)).toBe('self');
      expect(subCov.dependent).toBe('01');
      expect(subCov.subscriber?.reference).toBe(`Patient/${sub.id}`);
      for (const m of h.members.slice(1)) {
        const id = `pt-${String(m.patientIndex).padStart(6, '0')}`;
        // A spouse's own employer policy (coordination of benefits) is not the household's: look at the family one.
        const cov = current((people.coveragesOf.get(id) ?? []).filter((c) => c.subscriber?.reference !== `Patient/${id}`));
        expect(cov).toBeDefined();
        if (!cov) continue;
        dependents++;
        expect(cov.subscriber?.reference).toBe(`Patient/${sub.id}`);
        expect(cov.subscriberId).toBe(subCov.subscriberId);
        expect(rel(cov)).toBe(m.role === 'spouse' ? 'spouse' : 'child');
        expect(cov.relationship?.coding?.[0].system).toBe(CODE_SYSTEM.subscriberRelationship);
        expect(cov.dependent).toBe(String(h.members.indexOf(m) + 1).padStart(2, '0'));
        expect(planOf(cov)).toBe(planOf(subCov));
        expect(groupOf(cov)).toBe(groupOf(subCov));
        // enrolled with the subscriber, or from birth when born later
        expect((cov.period?.start as string) >= (subCov.period?.start as string)).toBe(true);
        expect(cov.period?.start === subCov.period?.start || cov.period?.start === byId.get(cov.beneficiary.reference?.split('/')[1] as string)?.birthDate).toBe(true);
      }
    }
    expect(dependents).toBeGreaterThan(500);
  });

  it('each member id on a Coverage is the Patient member-id identifier: subscriber id + dependent suffix', () => {
    for (const p of people.patients) {
      const ids = new Set(p.identifier?.filter((i) => i.system === IDENTIFIER.memberId).map((i) => i.value));
      for (const c of people.coveragesOf.get(p.id as string) ?? []) {
        const memberId = c.identifier?.[0].value;
        expect(ids.has(memberId)).toBe(true);
        expect(memberId).toBe(`${c.subscriberId}${c.dependent}`);
        expect(c.beneficiary.reference).toBe(`Patient/${p.id}`);
      }
    }
  });

  it('nobody is covered before birth, periods are ordered, and members 65+ are on Medicare Advantage as self', () => {
    for (const p of people.patients) {
      const covs = people.coveragesOf.get(p.id as string) ?? [];
      expect(covs.length).toBeGreaterThan(0);
      for (const c of covs) {
        expect((c.period?.start as string) >= (p.birthDate as string)).toBe(true);
        if (c.period?.end) expect(c.period.end >= (c.period.start as string)).toBe(true);
      }
      const now = covs[covs.length - 1];
      // 65+ subscribers (and their 65+ spouses) hold Medicare individually; a 65+ spouse of a younger
      // worker may stay on the worker's employer plan, as many do.
      if (ageOf(p, cfg.asOf) >= 65 && (now.subscriber?.reference === `Patient/${p.id}` || now.type?.text === 'MEDICARE_ADV')) {
        expect(now.type?.text).toBe('MEDICARE_ADV');
        expect(rel(now)).toBe('self');
      }
    }
  });

  it('5-10% of households have a terminated earlier or a lapsed coverage, so eligibility answers differ', () => {
    const households = planHouseholds(cfg);
    let terminated = 0;
    let lapsed = 0;
    for (const h of households) {
      const covs = people.coveragesOf.get(`pt-${String(h.members[0].patientIndex).padStart(6, '0')}`) ?? [];
      const last = covs[covs.length - 1];
      if (covs.some((c) => c.status === 'cancelled')) {
        terminated++;
        const cancelled = covs.find((c) => c.status === 'cancelled') as Coverage;
        expect((cancelled.period?.end as string) < cfg.asOf).toBe(true);
        expect(last.status).toBe('active');
        expect(last.period?.end).toBeUndefined();
        const dayAfter = new Date(`${cancelled.period?.end}T00:00:00Z`);
        dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
        expect(last.period?.start).toBe(dayAfter.toISOString().slice(0, 10));
        expect(last.subscriberId).not.toBe(cancelled.subscriberId);
        const kind = planById(planOf(last) as string)?.kind;
        if (kind && plansOfKind(kind).length > 1) expect(planOf(last)).not.toBe(planOf(cancelled));
      } else if (last.period?.end !== undefined) {
        lapsed++;
        expect(last.period.end < cfg.asOf).toBe(true);
        expect(covs.every((c) => c.period?.end !== undefined)).toBe(true);
      }
    }
    const share = (terminated + lapsed) / households.length;
    expect(terminated).toBeGreaterThan(0);
    expect(lapsed).toBeGreaterThan(0);
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.11);
  });
});
