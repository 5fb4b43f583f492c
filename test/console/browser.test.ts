import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Claim, Coverage, Observation, Organization, Patient } from 'fhir/r4';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTIFIER } from '../../population/conventions.js';
import type { Overview } from '../../server/console/overview.js';
import { fhirFixture, listen } from '../fhir/fixture.js';
import { inquiry270 } from '../sftp/fixture.js';

/**
 * The console in a real browser: Debian's Chromium driven by playwright-core, against the real app on a free
 * 127.0.0.1 port. No browser is downloaded: without /usr/bin/chromium these tests fail, saying how to install it.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let fixture: Awaited<ReturnType<typeof fhirFixture>>;
let server: Awaited<ReturnType<typeof listen>>;
let origin: string;
let context: BrowserContext;
let profile: string;

const MISSING = `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium); the console's browser tests need a real browser`;

beforeAll(async () => {
  // Checked in every test rather than thrown here: a throwing beforeAll reports its tests as skipped, not failed.
  if (!existsSync(CHROMIUM)) return;
  fixture = await fhirFixture(40);
  server = await listen(fixture.app);
  origin = server.baseUrl.replace(/\/fhir$/, '');
  profile = mkdtempSync(join(tmpdir(), 'cdg-chromium-'));
  // A fresh profile per run (launchPersistentContext owns --user-data-dir).
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await fixture?.store.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** A page that records console errors, uncaught exceptions, failed requests and error statuses. */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  if (!context) throw new Error(MISSING);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { page, problems };
}

/** A patient with coverage, claims and labs (so every part of the record has rows). */
function richPatient(): { patient: Patient; memberId: string; claims: Claim[] } {
  const claimsOf = new Map<string, Claim[]>();
  for (const c of fixture.store.all<Claim>('Claim')) claimsOf.set(c.patient.reference!, [...(claimsOf.get(c.patient.reference!) ?? []), c]);
  const labs = new Set([...fixture.store.all<Observation>('Observation')].filter((o) => o.referenceRange?.length).map((o) => o.subject?.reference));
  for (const patient of fixture.store.all<Patient>('Patient')) {
    const ref = `Patient/${patient.id}`;
    const memberId = patient.identifier?.find((i) => i.system === IDENTIFIER.memberId)?.value;
    if (memberId && claimsOf.get(ref)?.length && labs.has(ref)) return { patient, memberId, claims: claimsOf.get(ref)! };
  }
  throw new Error('no patient with claims and labs in the fixture');
}

describe('web console in Chromium', () => {
  it('loads every page without console errors or failed requests', async () => {
    const { page, problems } = await openPage();
    const { patient } = richPatient();
    for (const [hash, heading] of [['#/overview', 'Population'], ['#/patients', 'Patients'], ['#/edi', 'EDI'], ['#/scenarios', 'Scenarios'], [`#/patients/${patient.id}`, 'Timeline']]) {
      await page.goto(`${origin}/${hash}`);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    await page.close();
    expect(problems).toEqual([]);
  });

  it('renders the overview charts from non-empty series', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${origin}/#/overview`);
    const ids = ['pyramid', 'conditions', 'coverage', 'claims', 'adjustments'];
    for (const id of ids) {
      const canvas = page.locator(`#${id}-chart`);
      await canvas.waitFor();
      const box = await canvas.boundingBox();
      expect(box?.width, id).toBeGreaterThan(100);
      expect(box?.height, id).toBeGreaterThan(100);
      // Chart.js has drawn: the canvas backing store holds non-blank pixels.
      const inked = await canvas.evaluate((c) => {
        const el = c as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
        const { data } = el.getContext('2d').getImageData(0, 0, el.width, el.height);
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) return true;
        return false;
      });
      expect(inked, id).toBe(true);
    }
    const overview = (await page.evaluate(() => fetch('/console/api/overview').then((r) => r.json()))) as Overview;
    expect(overview.patients).toBeGreaterThan(0);
    expect(overview.conditions.some((c) => c.patients > 0)).toBe(true);
    expect(overview.coverage.length).toBeGreaterThan(0);
    expect(overview.claimsByMonth.months.length).toBeGreaterThan(0);
    expect(overview.adjustments.length).toBeGreaterThan(0);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('finds a known patient by name and by member id and shows their timeline and member documents', async () => {
    const { page, problems } = await openPage();
    const { patient, memberId, claims } = richPatient();
    const family = patient.name![0]!.family!;
    await page.goto(`${origin}/#/patients`);
    await page.getByLabel('Name or member id').fill(family);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: new RegExp(family) }).first().waitFor();
    await page.getByLabel('Name or member id').fill(memberId);
    await page.getByRole('button', { name: 'Search' }).click();
    const link = page.locator(`a[href="#/patients/${patient.id}"]`);
    await link.waitFor();
    await link.click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const claimsTable = page.locator('table', { has: page.locator('caption', { hasText: 'Claims and their EOBs' }) });
    for (const claim of claims) await claimsTable.getByRole('cell', { name: claim.id, exact: true }).waitFor();
    const labs = page.locator('table', { has: page.locator('caption', { hasText: 'Labs' }) });
    expect(await labs.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await labs.locator('tbody tr td:nth-child(4)').first().textContent()).toMatch(/\d/);

    await page.getByRole('button', { name: 'Show in 834' }).click();
    await page.getByRole('heading', { name: '834 for this member' }).waitFor();
    expect(await page.locator('#x12-out ol.x12').textContent()).toContain(memberId);
    await page.getByRole('button', { name: /Show in 271/ }).click();
    await page.getByRole('heading', { name: /^271 answered/ }).waitFor();
    const answer = (await page.locator('#x12-out ol.x12').last().textContent()) ?? '';
    expect(answer).toMatch(/EB\*1\*/);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('answers a pasted 270 with a 271 and explains a rejected interchange', async () => {
    const { page, problems } = await openPage();
    const coverage = [...fixture.store.all<Coverage>('Coverage')].find((c) => c.relationship?.coding?.[0]?.code === 'self' && c.status === 'active')!;
    const patient = fixture.store.read<Patient>('Patient', coverage.beneficiary.reference!.split('/')[1]!);
    const payer = fixture.store.read<Organization>('Organization', coverage.payor[0]!.reference!.split('/')[1]!);
    const who = {
      memberId: coverage.subscriberId!,
      family: patient.name![0]!.family!,
      given: patient.name![0]!.given![0]!,
      birthDate: patient.birthDate!,
      payerId: payer.identifier!.find((i) => i.system === IDENTIFIER.payerId)!.value!,
    };
    const inquiry = inquiry270(who, 'BROWSER1');
    await page.goto(`${origin}/#/edi`);
    await page.getByLabel('Transaction').selectOption('270');
    await page.getByLabel('X12 interchange').fill(inquiry);
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('#edi-out article', { has: page.getByRole('heading', { name: /^271/ }) });
    await answer.waitFor();
    expect(await answer.locator('ol.x12').textContent()).toContain('TRN*2*BROWSER1');
    // Segment ids and elements are marked up separately.
    expect(await answer.locator('ol.x12 li .seg').first().textContent()).toBe('ISA');
    const traffic = page.locator('#edi-traffic tbody');
    await traffic.getByRole('cell', { name: '270', exact: true }).first().waitFor();

    // A bad interchange date (ISA09) is refused with a TA1, note 014, explained in words.
    await page.getByLabel('X12 interchange').fill(inquiry.replace(/^(ISA(?:\*[^*]*){8}\*)\d{6}/, '$1261399'));
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: /^TA1/ }).waitFor();
    expect(await page.locator('#edi-out .explain').textContent()).toContain('Invalid interchange date value');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('lists the scenario catalog and sends a scenario\'s ready 270, showing the 271', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${origin}/#/scenarios`);
    const catalog = page.locator('#scenarios');
    await catalog.getByRole('cell', { name: 'Active subscriber', exact: true }).waitFor();
    expect(await catalog.locator('tbody tr').count()).toBe(11);
    await page.locator('button[data-scenario="active-subscriber"]').click();
    const answer = page.locator('#scenario-out article', { has: page.getByRole('heading', { name: /^271/ }) });
    await answer.waitFor();
    expect(await answer.locator('ol.x12').textContent()).toMatch(/EB\*1\*/);
    await page.close();
    expect(problems).toEqual([]);
  });
});
