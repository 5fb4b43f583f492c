import type { Claim, Coverage, ExplanationOfBenefit, Organization, Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { payerIdOf } from '../../edi/fhir/projection.js';
import type { Edi } from '../../edi/gateway.js';
import { read837, type InboundClaim } from '../../edi/transactions/837-read.js';
import { validateDocument } from '../../edi/validate-document.js';
import { parseInterchange } from '../../edi/x12/parse.js';
import { CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import { goldenEdi, goldenStore, parseWithNodeX12, segmentsOf } from './helpers.js';

// 837D coordination of benefits (005010X224A2 2320/2330A/2330B). The population's dental claims name one
// coverage only, so the test writes a secondary Coverage (order 2, another payer) and two dental Claims of the
// same member, the first naming that coverage as not focal, the second not: both created on the as-of date, so
// `since` picks them alone.

let store: Store;
let edi: Edi;
let primary: Coverage;
let secondary: Coverage;
let otherPayer: Organization;
let subscriber: Patient;
let withCob: Claim;
let without: Claim;
const SINCE = '2026-01-01';
const OTHER_MEMBER_ID = 'DENTSEC01';

const ref = (r: { reference?: string } | undefined) => r?.reference?.split('/')[1] ?? '';
const isOral = (c: Claim) => c.type.coding?.some((x) => x.system === CODE_SYSTEM.claimType && x.code === 'oral') ?? false;

/** What a dental claim says per line: CDT code, tooth, surfaces, charge. */
function dentalLines(claim: Claim): string[] {
  return (claim.item ?? []).map((item) => {
    const cdt = item.productOrService.coding?.find((c) => c.system === CODE_SYSTEM.cdt)?.code ?? '';
    const tooth = item.bodySite?.coding?.find((c) => c.system === CODE_SYSTEM.adaTooth)?.code ?? '';
    const surfaces = (item.subSite ?? []).map((s) => s.coding?.find((c) => c.system === CODE_SYSTEM.adaToothSurface)?.code ?? '?').join('');
    return `${cdt}/${tooth}/${surfaces}/${item.net?.value ?? ''}`;
  });
}

/** The segments of a claim's loop 2300 up to its first line (CLM to before LX), from a document. */
function claimLoops(text: string, pcn: string): string[][] {
  const segs = segmentsOf(text);
  const at = segs.findIndex((s) => s[0] === 'CLM' && s[1] === pcn);
  expect(at, `no CLM*${pcn}`).toBeGreaterThan(-1);
  return segs.slice(at, segs.findIndex((s, i) => i > at && s[0] === 'LX'));
}

/** The claims of an 837 read back as the inbound side reads them. */
function readBack(text: string): InboundClaim[] {
  const parsed = parseInterchange(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.interchange.groups.flatMap((g) => g.transactions).flatMap((tx) => read837(tx.segments, parsed.interchange.delimiters, 'D'));
}

/** The 999's AK9 and the 277CA's claim-level STC01 per patient control number, from the answer to an 837. */
async function answer(text: string): Promise<{ ak9: string; stc: Map<string, string> }> {
  const docs = await edi.receive(text, { only: '837' });
  const ack = segmentsOf(docs.find((d) => d.kind === '999')?.text ?? '');
  const stc = new Map<string, string>();
  let pcn = '';
  for (const s of segmentsOf(docs.find((d) => d.kind === '277CA')?.text ?? '')) {
    if (s[0] === 'TRN' && s[1] === '2') pcn = s[2];
    else if (s[0] === 'STC' && pcn) stc.set(pcn, s[1]);
  }
  return { ak9: ack.find((s) => s[0] === 'AK9')?.[1] ?? '', stc };
}

beforeAll(async () => {
  store = await goldenStore();
  edi = goldenEdi(store);
  const base = [...store.all<Claim>('Claim')].find((c) => isOral(c) && c.item?.length && c.item.some((i) => i.bodySite)) as Claim;
  primary = store.read<Coverage>('Coverage', ref(base.insurance![0].coverage));
  subscriber = store.read<Patient>('Patient', ref(base.patient));
  const primaryPayer = ref(primary.payor[0]);
  otherPayer = [...store.all<Organization>('Organization')].find((o) => o.id !== primaryPayer && o.identifier?.some((i) => i.system === IDENTIFIER.payerId)) as Organization;
  // Plain copies: stored versions are frozen.
  const cov = structuredClone(primary) as Coverage;
  delete cov.id;
  delete cov.meta;
  secondary = await store.create<Coverage>({
    ...cov, order: 2, identifier: undefined, subscriberId: OTHER_MEMBER_ID, payor: [{ reference: `Organization/${otherPayer.id ?? ''}` }],
    relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self' }] },
    period: { start: '2020-01-01' },
  });
  const claim = (pcn: string, insurance: Claim['insurance']): Claim => {
    const c = structuredClone(base) as Claim;
    delete c.id;
    delete c.meta;
    return { ...c, created: SINCE, identifier: [{ system: IDENTIFIER.patientControlNumber, value: pcn }], insurance };
  };
  const focal = { sequence: 1, focal: true, coverage: { reference: `Coverage/${primary.id ?? ''}` } };
  withCob = await store.create<Claim>(claim('COBD-1', [focal, { sequence: 2, focal: false, coverage: { reference: `Coverage/${secondary.id ?? ''}` } }]));
  without = await store.create<Claim>(claim('COBD-2', [focal]));
});

describe('837D coordination of benefits (005010X224A2)', () => {
  it('writes 2320 SBR/OI, 2330A other subscriber and 2330B other payer for a dental claim with other coverage, valid by the guide', async () => {
    const text = (await edi.emit('837D', { since: SINCE })).text;
    expect(validateDocument(text).ok).toBe(true);
    expect(parseWithNodeX12(text).length).toBeGreaterThan(0);
    const loops = claimLoops(text, 'COBD-1');
    const sbr = loops.findIndex((s) => s[0] === 'SBR');
    expect(loops.slice(sbr).map((s) => s.join('*'))).toEqual([
      `SBR*S*18*${loops[sbr][3]}******${loops[sbr][9]}`,
      'OI***Y***Y',
      expect.stringMatching(new RegExp(`^NM1\\*IL\\*1\\*${subscriber.name![0].family!.toUpperCase()}\\*.*\\*MI\\*${OTHER_MEMBER_ID}$`, 'i')),
      `NM1*PR*2*${otherPayer.name}*****PI*${payerIdOf(otherPayer)}`,
    ]);
    // After the rendering dentist (2310B), as the TR3 orders the loops; a claim with one coverage has none.
    expect(loops.slice(0, sbr).map((s) => s[0])).toContain('CLM');
    expect(claimLoops(text, 'COBD-2').some((s) => s[0] === 'SBR')).toBe(false);
  });

  it('reads back as written: the lines and the other payer are what the store holds', async () => {
    const read = readBack((await edi.emit('837D', { since: SINCE })).text);
    expect(read.map((c) => c.patientControlNumber)).toEqual(['COBD-1', 'COBD-2']);
    const [cob, plain] = read;
    expect(cob.otherPayers).toEqual([{ responsibility: 'S', relationship: '18', memberId: secondary.subscriberId, payerId: payerIdOf(otherPayer), payerName: otherPayer.name }]);
    // The claim after it under the same subscriber keeps its own subscriber and payer (2330A/B are not 2010BA/BB).
    expect(plain.otherPayers).toEqual([]);
    expect(plain.subscriber).toEqual(cob.subscriber);
    expect(plain.payerId).toBe(cob.payerId);
    for (const [c, stored] of [[cob, withCob], [plain, without]] as const) {
      expect(c.lines.map((l) => `${l.code}/${l.tooth ?? ''}/${(l.surfaces ?? []).join('')}/${l.chargeCents / 100}`)).toEqual(dentalLines(stored));
    }
  });

  it('accepts it inbound (999 A, 277CA A2) and stores the claims with the same coverages and lines, adjudicated by the primary', async () => {
    const resent = (await edi.emit('837D', { since: SINCE })).text.replace(/^CLM\*COBD-/gm, 'CLM*RTD-');
    const { ak9, stc } = await answer(resent);
    expect(ak9).toBe('A');
    expect([stc.get('RTD-1'), stc.get('RTD-2')].map((s) => s?.split(':')[0])).toEqual(['A2', 'A2']);
    for (const [pcn, original] of [['RTD-1', withCob], ['RTD-2', without]] as const) {
      const stored = store.read<Claim>('Claim', `x12-${pcn}`);
      expect(stored.patient).toEqual(original.patient);
      expect(stored.insurance!.map((i) => [i.focal, i.coverage.reference])).toEqual(original.insurance!.map((i) => [i.focal, i.coverage.reference]));
      expect(dentalLines(stored)).toEqual(dentalLines(original));
      const eobs = [...store.all<ExplanationOfBenefit>('ExplanationOfBenefit')].filter((e) => e.claim?.reference === `Claim/${stored.id ?? ''}`);
      expect(eobs.map((e) => e.insurance[0].coverage.reference)).toEqual([`Coverage/${primary.id ?? ''}`]);
    }
    // And is written again with the same 2320/2330 loops.
    const again = (await edi.emit('837D', { since: SINCE })).text;
    expect(claimLoops(again, 'RTD-1').slice(1)).toEqual(claimLoops(again, 'COBD-1').slice(1));
  });

  it('accepts the rest of the TR3 COB loops inbound: 2320 CAS/AMT, 2330B DTP*573 and 2430 SVD (AD:CDT)/CAS/DTP*573', async () => {
    const text = (await edi.emit('837D', { since: SINCE })).text.replace(/^CLM\*COBD-/gm, 'CLM*TR3-');
    const lines = text.split('\n');
    const sbr = lines.findIndex((l) => l.startsWith('SBR*S*'));
    const payer = lines.findIndex((l, i) => i > sbr && l.startsWith('NM1*PR*'));
    const line = lines.findIndex((l, i) => i > sbr && l.startsWith('DTP*472*'));
    const cdt = lines.find((l, i) => i > sbr && l.startsWith('SV3*'))!.split('*')[1];
    const inserted: Array<[number, string[]]> = [
      [line, [`SVD*${payerIdOf(otherPayer)}*80*${cdt}**1`, 'CAS*PR*1*20', 'DTP*573*D8*20251215']],
      [payer, ['DTP*573*D8*20251215']],
      [sbr, ['CAS*PR*1*20', 'AMT*D*80']],
    ];
    for (const [at, segs] of inserted) lines.splice(at + 1, 0, ...segs.map((s) => `${s}~`));
    const se = lines.findIndex((l) => l.startsWith('SE*'));
    lines[se] = lines[se].replace(/^SE\*(\d+)\*/, (_, n: string) => `SE*${Number(n) + 6}*`);
    const { ak9, stc } = await answer(lines.join('\n'));
    expect(ak9).toBe('A');
    expect(stc.get('TR3-1')?.split(':')[0]).toBe('A2');
    const stored = store.read<Claim>('Claim', 'x12-TR3-1');
    expect(stored.insurance!.map((i) => i.coverage.reference)).toEqual([`Coverage/${primary.id ?? ''}`, `Coverage/${secondary.id ?? ''}`]);
  });
});
