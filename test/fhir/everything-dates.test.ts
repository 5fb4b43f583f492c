import type {
  Bundle, Claim, Condition, Coverage, DiagnosticReport, Encounter, ExplanationOfBenefit, Immunization, MedicationRequest,
  Observation, OperationOutcome, Procedure, Resource,
} from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { CARE_DATE_ELEMENTS } from '../../server/fhir/care-dates.js';
import { fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
let resources: Resource[];

beforeAll(async () => {
  ({ app, resources } = await fhirFixture(40));
});

const DAY = 86_400_000;
/** The UTC calendar day of an instant (the server reads zone-less dates as UTC). */
const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const ids = (b: Bundle): string[] => (b.entry ?? []).map((e) => `${e.resource!.resourceType}/${e.resource!.id}`);
const everything = async (patientId: string, query: string): Promise<Bundle> =>
  (await request(app).get(`/fhir/Patient/${patientId}/$everything?_count=1000&${query}`).expect(200)).body as Bundle;

/** One case: where a type's care date is in our generated data, and which patient it belongs to (always present there). */
const dated = <R extends Resource>(type: R['resourceType'], careStart: (r: R) => string | undefined, patient: (r: R) => string | undefined) =>
  ({ type, careStart: (r: Resource): string => careStart(r as R)!, patient: (r: Resource): string => patient(r as R)! });

const cases = [
  dated<Encounter>('Encounter', (r) => r.period?.start, (r) => r.subject?.reference),
  dated<Observation>('Observation', (r) => r.effectiveDateTime, (r) => r.subject?.reference),
  dated<DiagnosticReport>('DiagnosticReport', (r) => r.effectiveDateTime, (r) => r.subject?.reference),
  dated<Procedure>('Procedure', (r) => r.performedDateTime, (r) => r.subject.reference),
  dated<Immunization>('Immunization', (r) => r.occurrenceDateTime, (r) => r.patient.reference),
  dated<Condition>('Condition', (r) => r.onsetDateTime, (r) => r.subject.reference),
  dated<MedicationRequest>('MedicationRequest', (r) => r.authoredOn, (r) => r.subject.reference),
  dated<Claim>('Claim', (r) => r.billablePeriod?.start, (r) => r.patient.reference),
  dated<ExplanationOfBenefit>('ExplanationOfBenefit', (r) => r.billablePeriod?.start, (r) => r.patient.reference),
  dated<Coverage>('Coverage', (r) => r.period?.start, (r) => r.beneficiary.reference),
];

describe('Patient $everything start / end (R4 patient-operation-everything.html: care dates, not record dates)', () => {
  it.each(cases)('$type is in on the day of its care date and out when end is the day before', async ({ type, careStart, patient }) => {
    const resource = resources.find((r) => r.resourceType === type)!;
    expect(resource).toBeDefined();
    const patientId = patient(resource).split('/')[1];
    const day = utcDay(Date.parse(careStart(resource)));
    const key = `${type}/${resource.id}`;
    expect(ids(await everything(patientId, `start=${day}&end=${day}`))).toContain(key);
    expect(ids(await everything(patientId, `start=${day}`))).toContain(key);
    const dayBefore = utcDay(Date.parse(day) - DAY);
    const before = ids(await everything(patientId, `end=${dayBefore}`));
    expect(before).not.toContain(key);
    expect(before).toContain(`Patient/${patientId}`);
  });

  it('splits a patient\'s encounters at a date: no start = before end, no end = after start, nothing lost or doubled', async () => {
    const byPatient = new Map<string, Encounter[]>();
    for (const e of resources.filter((r) => r.resourceType === 'Encounter') as Encounter[]) {
      byPatient.set(e.subject!.reference!, [...(byPatient.get(e.subject!.reference!) ?? []), e]);
    }
    const [patientRef, encounters] = [...byPatient].find(([, list]) => new Set(list.map((e) => utcDay(Date.parse(e.period!.start!)))).size >= 2)!;
    const patientId = patientRef.split('/')[1];
    const days = [...new Set(encounters.map((e) => utcDay(Date.parse(e.period!.start!))))].sort();
    const split = days[days.length - 1];
    const encountersIn = (b: Bundle): string[] => ids(b).filter((k) => k.startsWith('Encounter/')).sort();
    const early = encountersIn(await everything(patientId, `end=${utcDay(Date.parse(split) - DAY)}`));
    const late = encountersIn(await everything(patientId, `start=${split}`));
    const expectedLate = encounters.filter((e) => utcDay(Date.parse(e.period!.start!)) === split).map((e) => `Encounter/${e.id}`).sort();
    expect(late).toEqual(expectedLate);
    expect([...early, ...late].sort()).toEqual(encounters.map((e) => `Encounter/${e.id}`).sort());
  });

  it('keeps the Patient and resources without a care date when the window holds no care', async () => {
    const coverage = resources.find((r) => r.resourceType === 'Coverage') as Coverage;
    const patientId = coverage.beneficiary.reference!.split('/')[1];
    const bundle = await everything(patientId, 'start=1900&end=1900');
    const types = new Set((bundle.entry ?? []).map((e) => e.resource!.resourceType));
    expect(types.has('Patient')).toBe(true);
    for (const type of types) expect(Object.keys(CARE_DATE_ELEMENTS)).not.toContain(type);
    expect(bundle.total).toBe(bundle.entry!.length);
  });

  it('keeps start and end in every paging link, and pages add up to total', async () => {
    const coverage = resources.find((r) => r.resourceType === 'Coverage') as Coverage;
    const patientId = coverage.beneficiary.reference!.split('/')[1];
    const full = await everything(patientId, 'start=2025-01&end=2025-12-31');
    const first = (await request(app).get(`/fhir/Patient/${patientId}/$everything?start=2025-01&end=2025-12-31&_count=3`).expect(200)).body as Bundle;
    expect(first.total).toBe(full.total);
    const seen: string[] = [];
    for (let page: Bundle | undefined = first; page; ) {
      seen.push(...ids(page));
      for (const l of page.link!) {
        const u = new URL(l.url);
        expect(u.pathname).toBe(`/fhir/Patient/${patientId}/$everything`);
        expect([u.searchParams.get('start'), u.searchParams.get('end')]).toEqual(['2025-01', '2025-12-31']);
      }
      const next: string | undefined = page.link!.find((l) => l.relation === 'next')?.url;
      page = next ? ((await request(app).get(new URL(next).pathname + new URL(next).search).expect(200)).body as Bundle) : undefined;
    }
    expect(seen).toEqual(ids(full));
  });

  it.each([
    ['start=2025-13-01', 'start'],
    ['start=2025-02-30', 'start'],
    ['end=yesterday', 'end'],
    ['end=2025-01-01T00:00:00Z', 'end'],
    ['start=2025-06-02&end=2025-06-01', 'start'],
  ])('rejects %s with 400 and an OperationOutcome naming %s', async (query, expression) => {
    const coverage = resources.find((r) => r.resourceType === 'Coverage') as Coverage;
    const res = await request(app).get(`/fhir/Patient/${coverage.beneficiary.reference!.split('/')[1]}/$everything?${query}`).expect(400);
    const outcome = res.body as OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0].expression).toEqual([expression]);
  });
});
