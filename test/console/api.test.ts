import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Claim, Condition, Coverage, Patient } from 'fhir/r4';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_MEANINGS } from '../../edi/guides/code-meanings.js';
import { DENIAL_RULES } from '../../population/data/claims/denials.js';
import { CHRONIC_CONDITIONS } from '../../population/data/clinical/chronic-conditions.js';
import { createLogger } from '../../server/ops/logger.js';
import { startServer, type RunningServer } from '../../server/start.js';
import { fhirFixture } from '../fhir/fixture.js';
import { connect } from '../sftp/harness.js';
import { inquiry270, someSubscriber } from '../sftp/fixture.js';

let fixture: Awaited<ReturnType<typeof fhirFixture>>;
beforeAll(async () => {
  fixture = await fhirFixture(40);
});

/** A patient with claims (so every member document has something in it). */
function memberWithClaims(): Patient {
  const claim = fixture.store.all<Claim>('Claim')[Symbol.iterator]().next().value as Claim;
  return fixture.store.read<Patient>('Patient', claim.patient.reference!.split('/')[1]!);
}

describe('GET /console/api/overview', () => {
  it('counts the store in one pass: pyramid, prevalence vs the generator targets, coverage, claims, CARC', async () => {
    const res = await request(fixture.app).get('/console/api/overview').expect(200);
    const o = res.body;
    const patients = [...fixture.store.all<Patient>('Patient')];
    expect(patients.length).toBeGreaterThan(0);
    expect(o.patients).toBe(patients.length);
    const pyramid = [...o.agePyramid.male, ...o.agePyramid.female, ...o.agePyramid.other].reduce((a: number, b: number) => a + b, 0);
    expect(pyramid).toBe(patients.length);
    expect(o.conditions.map((c: { icd10: string }) => c.icd10)).toEqual(CHRONIC_CONDITIONS.map((r) => r.icd10));
    const hypertension = new Set([...fixture.store.all<Condition>('Condition')].filter((c) => c.code?.coding?.some((x) => x.code === 'I10')).map((c) => c.subject.reference));
    expect(o.conditions.find((c: { icd10: string }) => c.icd10 === 'I10').patients).toBe(hypertension.size);
    expect(o.conditions.some((c: { expected: number }) => c.expected > 0)).toBe(true);
    const coverages = [...fixture.store.all<Coverage>('Coverage')].length;
    const members = o.coverage.reduce((n: number, c: { members: number }) => n + c.members, 0);
    expect(members).toBeGreaterThan(0);
    expect(members).toBeLessThanOrEqual(coverages);
    const eobs = fixture.store.counts().ExplanationOfBenefit ?? 0;
    expect(eobs).toBeGreaterThan(0);
    const { months, paid, denied, zeroPaid } = o.claimsByMonth;
    expect(months.length).toBeGreaterThan(0);
    expect([...paid, ...denied, ...zeroPaid].reduce((a: number, b: number) => a + b, 0)).toBe(eobs);
    expect(o.adjustments.find((a: { group: string; reason: string }) => a.group === 'CO' && a.reason === '45')).toBeTruthy();
  });

  it('has a meaning for every CARC the generator denies with', () => {
    const carcs = [DENIAL_RULES.coverageTerminated.carc, DENIAL_RULES.missingInformation.carc, ...DENIAL_RULES.nonCoveredLine.carcs, '1', '2', '3', '45'];
    for (const code of carcs) expect(CODE_MEANINGS.CAS02.codes[code], `CARC ${code}`).toBeTruthy();
  });
});

describe('member documents: GET /console/api/patients/{id}/x12/{kind}', () => {
  it('emits the member\'s slice of an 834, 837P and 835 (that member only)', async () => {
    const patient = memberWithClaims();
    const member = (await request(fixture.app).get(`/console/api/patients/${patient.id}/member`).expect(200)).body;
    expect(member.memberId).toBeTruthy();
    const e834 = (await request(fixture.app).get(`/console/api/patients/${patient.id}/x12/834`).expect(200)).text;
    const subscribers = e834.split('~').map((x) => x.trim()).filter((x) => x.startsWith('NM1*IL*'));
    expect(subscribers.length).toBeGreaterThan(0); // one INS loop per payer the member has had
    for (const nm1 of subscribers) expect(nm1).toContain(`*${patient.name![0]!.family}*`);
    expect(e834).toContain(`*${member.memberId}~`);
    const claims = [...fixture.store.all<Claim>('Claim')].filter((c) => c.patient.reference === `Patient/${patient.id}`);
    const professional = claims.filter((c) => c.type.coding?.[0]?.code === 'professional');
    const e837 = (await request(fixture.app).get(`/console/api/patients/${patient.id}/x12/837P`).expect(200)).text;
    expect(e837.match(/~\s*CLM\*/g)?.length ?? 0).toBe(professional.filter((c) => c.item?.length).length);
    const e835 = (await request(fixture.app).get(`/console/api/patients/${patient.id}/x12/835`).expect(200)).text;
    // Pharmacy claims (NCPDP) are not remitted in the 835 (edi/transactions/835.ts).
    expect(e835.match(/~\s*CLP\*/g)?.length ?? 0).toBe(claims.filter((c) => c.type.coding?.[0]?.code !== 'pharmacy').length);
  });

  it('answers 404 for an unknown patient and 400 for an unknown kind, and changes nothing', async () => {
    const before = JSON.stringify(fixture.store.counts());
    const missing = await request(fixture.app).get('/console/api/patients/nobody/x12/834').expect(404);
    expect(missing.body).toMatchObject({ status: 404, detail: expect.stringContaining('nobody') });
    await request(fixture.app).get('/console/api/patients/nobody/member').expect(404);
    await request(fixture.app).get(`/console/api/patients/${memberWithClaims().id}/x12/999`).expect(400);
    expect(JSON.stringify(fixture.store.counts())).toBe(before);
  });
});

describe('the page at /', () => {
  it('is served to browsers with its own CSP (same origin, no inline code); API clients fall through', async () => {
    const page = await request(fixture.app).get('/').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('<main id="main"');
    expect(page.headers['content-security-policy']).toContain("script-src 'self';");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    const json = await request(fixture.app).get('/').set('Accept', 'application/json');
    expect(json.text).not.toContain('<main id="main"');
    await request(fixture.app).get('/console').expect(302).expect('Location', '/');
    await request(fixture.app).get('/console/app.js').expect(200).expect('Content-Type', /javascript/);
    await request(fixture.app).get('/console/vendor/chart.umd.min.js').expect(200).expect('Content-Type', /javascript/);
    const openapi = await request(fixture.app).get('/api/openapi.json').expect(200);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/console/api/overview', '/console/api/traffic']));
  });
});

describe('GET /console/api/traffic', () => {
  it('lists EDI documents crossing HTTP (inbound 270, its 271, an emitted 834), newest first', async () => {
    const { app, store } = fixture;
    const who = someSubscriber(store);
    await request(app).post('/edi/270').set('Content-Type', 'application/edi-x12').send(inquiry270(who, 'TRAFFIC1')).expect(200);
    await request(app).get('/edi/834').expect(200);
    const { entries } = (await request(app).get('/console/api/traffic?limit=10').expect(200)).body;
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(entries[0]).toMatchObject({ channel: 'http', direction: 'out', kind: '834', path: '/edi/834' });
    expect(entries.slice(1).map((e: { kind: string; direction: string }) => `${e.direction}:${e.kind}`)).toEqual(expect.arrayContaining(['in:270', 'out:271']));
    const since = (await request(app).get(`/console/api/traffic?since=${entries[0].seq}`).expect(200)).body.entries;
    expect(since).toEqual([]);
    await request(app).get('/console/api/traffic?limit=x').expect(400);
  });
});

describe('traffic over SFTP (cdg serve wiring)', () => {
  let running: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cdg-console-sftp-'));
    const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    running = await startServer({ host: '127.0.0.1', port: 0, sftpPort: 0, sftpUsers: ['partner:secret'], patients: 12, threads: 1, dataDir }, { logger: quiet });
  });
  afterAll(async () => {
    await running?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows files dropped in mailboxes, uploads and their answers', async () => {
    expect(running.sftp).toBeDefined();
    await running.sftp!.server.publish();
    const client = await connect(running.sftp!.port, { username: 'partner', password: 'secret' });
    try {
      await client.put(Buffer.from(inquiry270(someSubscriber(running.store), 'SFTP1')), '/inbound/console-270.x12');
    } finally {
      await client.end();
    }
    await running.sftp!.server.idle();
    const res = await fetch(`${running.url}/console/api/traffic`);
    const { entries } = (await res.json()) as { entries: Array<{ channel: string; direction: string; kind: string; note?: string; account?: string }> };
    const sftp = entries.filter((e) => e.channel === 'sftp');
    expect(sftp.length).toBeGreaterThan(0);
    expect(sftp.filter((e) => e.note === 'dropped in mailbox').map((e) => e.kind)).toEqual(expect.arrayContaining(['834', '837P', '837I', '835', '271']));
    expect(sftp.find((e) => e.direction === 'in' && e.note?.startsWith('processed'))).toMatchObject({ account: 'partner', note: 'processed; answered 271' });
  });
});
