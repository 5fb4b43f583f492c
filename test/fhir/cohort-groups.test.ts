import type { Bundle, Condition, Coverage, Group, Patient } from 'fhir/r4';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture } from './fixture.js';

let fixture: Awaited<ReturnType<typeof fhirFixture>>;

beforeAll(async () => {
  fixture = await fhirFixture(40);
});

afterAll(async () => {
  await fixture?.store.close();
});

const members = (g: Group): string[] => (g.member ?? []).map((m) => m.entity.reference!);

describe('cohort Groups', () => {
  it('are generated with the population: diabetics, hypertensives, children, seniors, dependants and one per payer', () => {
    const groups = [...fixture.store.all<Group>('Group')];
    expect(groups.map((g) => g.id)).toEqual(['grp-diabetes', 'grp-hypertension', 'grp-children', 'grp-seniors', 'grp-dependants', 'grp-payer-evergreen', 'grp-payer-summit', 'grp-payer-lakeshore', 'grp-payer-keystone']);
    for (const g of groups) {
      expect(g).toMatchObject({ type: 'person', actual: true, active: true, quantity: g.member?.length ?? 0 });
      expect(g.characteristic?.length).toBe(1);
    }
    const diabetics = new Set(
      [...fixture.store.all<Condition>('Condition')]
        .filter((c) => c.clinicalStatus?.coding?.[0]?.code === 'active' && c.code?.coding?.some((x) => x.system === 'http://hl7.org/fhir/sid/icd-10-cm' && /^E(08|09|10|11|13)/.test(x.code ?? '')))
        .map((c) => c.subject.reference!),
    );
    expect(diabetics.size).toBeGreaterThan(0);
    expect(new Set(members(fixture.store.read<Group>('Group', 'grp-diabetes')))).toEqual(diabetics);
    const dependants = new Set(
      [...fixture.store.all<Coverage>('Coverage')].filter((c) => c.status === 'active' && !c.period?.end && c.relationship?.coding?.[0]?.code !== 'self').map((c) => c.beneficiary.reference!),
    );
    expect(dependants.size).toBeGreaterThan(0);
    expect(new Set(members(fixture.store.read<Group>('Group', 'grp-dependants')))).toEqual(dependants);
    const children = [...fixture.store.all<Patient>('Patient')].filter((p) => p.birthDate! > '2008-01-01').map((p) => `Patient/${p.id}`);
    expect(members(fixture.store.read<Group>('Group', 'grp-children'))).toEqual(expect.arrayContaining(children));
  });

  it('are read and searched like other resources (member, characteristic-value, managing-entity)', async () => {
    const diabetes = fixture.store.read<Group>('Group', 'grp-diabetes');
    const someone = members(diabetes)[0];
    const byMember = (await request(fixture.app).get(`/fhir/Group?member=${someone}`).expect(200)).body as Bundle;
    expect(byMember.entry?.map((e) => e.resource?.id)).toContain('grp-diabetes');
    const byCode = (await request(fixture.app).get('/fhir/Group?characteristic-value=http://snomed.info/sct|439401001$http://snomed.info/sct|73211009').expect(200)).body as Bundle;
    expect(byCode.entry?.map((e) => e.resource?.id)).toEqual(['grp-diabetes']);
    const byPayer = (await request(fixture.app).get('/fhir/Group?managing-entity=Organization/org-payer-summit').expect(200)).body as Bundle;
    expect(byPayer.entry?.map((e) => e.resource?.id)).toEqual(['grp-payer-summit']);
    const read = (await request(fixture.app).get('/fhir/Group/grp-payer-summit').expect(200)).body as Group;
    expect(read.characteristic?.[0]?.valueReference?.reference).toBe('Organization/org-payer-summit');
  });
});
