import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Claim, Coverage, Organization, Patient } from 'fhir/r4';
import { X12Parser } from 'node-x12';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import type { Edi, EdiOptions } from '../../edi/gateway.js';
import { coverageActiveOn, memberIdOf, npiOf, payerIdOf } from '../../edi/fhir/projection.js';
import { validateDocument } from '../../edi/validate-document.js';
import { build270, build276, build837P, goldenEdi, goldenStore, parseWithNodeX12, type Claim837 } from './helpers.js';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
/** Golden files are (re)written only when asked: UPDATE_GOLDEN=1 (or UPDATE_GOLDENS=1). */
const UPDATE = process.env.UPDATE_GOLDEN === '1' || process.env.UPDATE_GOLDENS === '1';
/** Its own counter per document: golden bytes must not depend on what other tests emitted first. */
const FIXED: Partial<EdiOptions> = { controlNumbers: { next: () => 1 } };

const ref = (r: { reference?: string } | undefined) => r?.reference?.split('/')[1] ?? '';

/** Compares a document with its golden file; a missing file fails (never written unless UPDATE is set). */
function matchGolden(name: string, text: string): void {
  const file = join(GOLDEN_DIR, name);
  if (UPDATE) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, text);
  }
  expect(existsSync(file), `golden file ${name} is missing: review the output and write it with UPDATE_GOLDEN=1`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

let store: Store;
let edi: Edi;
const emitted = new Map<string, string>();

/** The fixed inbound documents the acknowledgment goldens answer, built from the golden population. */
async function answers(): Promise<void> {
  const inbound = await goldenStore();
  const inboundEdi = goldenEdi(inbound);
  const coverages = [...inbound.all<Coverage>('Coverage')];
  const self = coverages.find((c) => c.relationship?.coding?.[0]?.code === 'self' && coverageActiveOn(c, '2025-12-01')) as Coverage;
  const dependant = coverages.find((c) => c.subscriberId === self.subscriberId && c.relationship?.coding?.[0]?.code !== 'self');
  const sub = inbound.read<Patient>('Patient', ref(self.beneficiary));
  const payer = inbound.read<Organization>('Organization', ref(self.payor[0]));
  const provider = [...inbound.all<Organization>('Organization')].find((o) => npiOf(o)) as Organization;
  const person = { memberId: memberIdOf(sub, self) ?? '', last: sub.name?.[0]?.family ?? '', first: sub.name?.[0]?.given?.[0] ?? '' };
  const kid = dependant ? inbound.read<Patient>('Patient', ref(dependant.beneficiary)) : undefined;
  const inquiry = build270([
    { payerId: payerIdOf(payer), ...person, birthDate: sub.birthDate, serviceTypes: ['30', '98'], trace: 'GOLD-271-1' },
    ...(kid ? [{ payerId: payerIdOf(payer), ...person, trace: 'GOLD-271-2', dependent: { last: kid.name?.[0]?.family ?? '', first: kid.name?.[0]?.given?.[0] ?? '', birthDate: kid.birthDate, trace: 'GOLD-271-3' } }] : []),
    { payerId: payerIdOf(payer), memberId: 'NOSUCH0001', last: 'NOBODY', first: 'PAT', trace: 'GOLD-271-4' },
  ]);
  const [reply] = await inboundEdi.receive(inquiry, { only: '270', edi: FIXED });
  emitted.set('271', reply.text);
  const claim: Claim837 = {
    pcn: 'GOLD-0001', billingNpi: npiOf(provider) ?? '', billingName: provider.name ?? '', payerId: payerIdOf(payer),
    subscriber: { ...person, birthDate: sub.birthDate ?? '', gender: sub.gender === 'male' ? 'M' : 'F' },
    diagnoses: ['E11.9', 'I10'], lines: [{ code: '99214', charge: 180, date: '2025-12-01' }, { code: '83036', charge: 40, date: '2025-12-01' }],
  };
  const unknown: Claim837 = { ...claim, pcn: 'GOLD-0002', subscriber: { ...claim.subscriber, memberId: 'NOSUCH0002' } };
  const [ack, ca] = await inboundEdi.receive(build837P([claim, unknown]), { only: '837', edi: FIXED });
  emitted.set('999', ack.text);
  emitted.set('277CA', ca.text);
  const bad = build837P([claim], 777).replace('HI*ABK:E119', 'HI*XXX:E119').replace(/^DMG\*D8\*(\d{8})/m, 'DMG*D8*20251399');
  const [rejected] = await inboundEdi.receive(bad, { only: '837', edi: FIXED });
  emitted.set('999-rejected', rejected.text);
  const [ta1] = await inboundEdi.receive(build837P([claim], 778).replace(/IEA\*1\*000000778~\s*$/, 'IEA*1*000000779~\n'), { only: '837', edi: FIXED });
  emitted.set('TA1', ta1.text);
  const pcns = [...inbound.all<Claim>('Claim')].slice(0, 3).map((c) => c.identifier?.[0]?.value ?? '');
  const [status] = await inboundEdi.receive(build276([...pcns, 'NO-SUCH-CLAIM'].map((pcn, i) => ({ trace: `GOLD-277-${i + 1}`, pcn }))), { only: '276', edi: FIXED });
  emitted.set('277', status.text);
}

beforeAll(async () => {
  store = await goldenStore();
  edi = goldenEdi(store);
  for (const kind of ['834', '837P', '837I', '837D', '835'] as const) emitted.set(kind, (await edi.emit(kind, { edi: FIXED })).text);
  await answers();
});

describe.each(['834', '837P', '837I', '837D', '835', '271', '999', '999-rejected', '277CA', 'TA1', '277'])('%s', (kind) => {
  it('matches its golden file (seed edi-golden, as-of 2026-01-01) and passes implementation-guide validation', () => {
    const text = emitted.get(kind) ?? '';
    expect(text.startsWith('ISA')).toBe(true);
    const check = validateDocument(text);
    expect(check.envelope).toBeUndefined();
    expect(check.sets.flatMap((s) => s.errors.map((e) => e.message).concat(s.transactionCodes))).toEqual([]);
    matchGolden(`${kind}.x12`, text);
  });

  it('is read by node-x12, an independent parser', () => {
    const text = emitted.get(kind) ?? '';
    if (kind === 'TA1') {
      // A TA1 travels between ISA and IEA, outside any functional group (X12.5); node-x12's strict mode refuses
      // any segment outside a group, so the TA1 is read in its lenient mode.
      const ic = new X12Parser(false).parse(text, { elementDelimiter: text[3], subElementDelimiter: text[104], segmentTerminator: text[105], endOfLine: '\n' }) as unknown as { header: { elements: Array<{ value: string }> } };
      expect(ic.header.elements.slice(5, 8).map((e) => e.value.trim())).toEqual([text.slice(35, 50).trim(), 'ZZ', text.slice(54, 69).trim()]);
      return;
    }
    const sets = parseWithNodeX12(text);
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) expect(set.length).toBeGreaterThan(1);
  });
});

it('a golden test fails when its file is missing', () => {
  if (UPDATE) return;
  expect(() => matchGolden('no-such-kind.x12', 'ISA')).toThrow(/missing/);
});
