import type { Coverage, Organization, Patient, Resource } from 'fhir/r4';
import { coverageActiveOn, memberIdOf, npiOf, payerIdOf } from '../../edi/fhir/projection.js';
import { createStore, type Store } from '../../data-store/index.js';
import { DEFAULT_POPULATION_CONFIG, type PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { createEdi, type Edi } from '../../edi/gateway.js';
import { DEFAULT_DELIMITERS, type Delimiters } from '../../edi/x12/delimiters.js';
import { writeInterchange } from '../../edi/x12/envelope.js';
import { SegmentWriter, TransactionBody } from '../../edi/x12/writer.js';
import { X12Parser } from 'node-x12';

/** The fixed population the EDI tests and golden files use: seed 'edi-golden', as-of 2026-01-01. */
export const GOLDEN_CONFIG: PopulationConfig = { ...DEFAULT_POPULATION_CONFIG, seed: 'edi-golden', patients: 12, asOf: '2026-01-01' };

const cache = new Map<string, Resource[]>();

/** Generated resources for a config (memoized per test file). */
export function population(config: PopulationConfig = GOLDEN_CONFIG): Resource[] {
  const key = JSON.stringify(config);
  let r = cache.get(key);
  if (!r) {
    r = generatePopulation(config).resources;
    cache.set(key, r);
  }
  return r;
}

/** A fixed instant for documents (ISA09/10, BHT dates): the as-of date at noon UTC. */
export const FIXED_NOW = new Date('2026-01-01T12:00:00Z');

/** A real store over the generated population, with EDI options fixed for reproducible output. */
export async function goldenStore(config: PopulationConfig = GOLDEN_CONFIG, dataDir?: string): Promise<Store> {
  const resources = population(config);
  const store = await createStore({ base: () => resources, dataDir, baseLastUpdated: `${config.asOf}T00:00:00Z`, clock: () => FIXED_NOW });
  return store;
}

/** The store's EDI object with options fixed for reproducible output (clock, as-of, control numbers from 100). */
export function goldenEdi(store: Store, config: PopulationConfig = GOLDEN_CONFIG): Edi {
  let n = 100;
  return createEdi(store, {
    clock: () => FIXED_NOW,
    asOf: config.asOf,
    controlNumbers: { next: (count = 1) => { const first = n; n += count; return first; } },
  });
}

export interface Inquiry270 {
  payerId: string;
  memberId: string;
  last: string;
  first: string;
  birthDate?: string;
  serviceTypes?: string[];
  /** CCYYMMDD. */
  date?: string;
  trace: string;
  dependent?: { last: string; first: string; birthDate?: string; trace: string };
}

/** Builds a 270 (005010X279A1) the way a provider system would: one inquiry per subscriber HL. */
export function build270(inquiries: Inquiry270[], d: Delimiters = DEFAULT_DELIMITERS, controlNumber = 424242): string {
  const w = new SegmentWriter(d);
  const body = new TransactionBody(w);
  body.seg('BHT').el('0022').el('13').el('REQ0001').el('20260101').el('1200').end();
  body.seg('HL').el('1').at(3).el('20').el('1').end();
  body.seg('NM1').el('PR').el('2').el('PAYER').at(8).el('PI').el(inquiries[0]?.payerId ?? 'EVG01').end();
  body.seg('HL').el('2').el('1').el('21').el('1').end();
  body.seg('NM1').el('1P').el('2').el('TEST CLINIC').at(8).el('XX').el('1234567893').end();
  let hl = 2;
  for (const q of inquiries) {
    const sub = ++hl;
    body.seg('HL').el(String(sub)).el('2').el('22').el(q.dependent ? '1' : '0').end();
    body.seg('TRN').el('1').el(q.trace).el('9877281234').end();
    body.seg('NM1').el('IL').el('1').el(q.last).el(q.first).at(8).el('MI').el(q.memberId).end();
    if (q.birthDate) body.seg('DMG').el('D8').el(q.birthDate.replace(/-/g, '')).end();
    if (q.date) body.seg('DTP').el('291').el('D8').el(q.date).end();
    if (!q.dependent) body.seg('EQ').repeats(q.serviceTypes ?? ['30']).end();
    if (q.dependent) {
      body.seg('HL').el(String(++hl)).el(String(sub)).el('23').el('0').end();
      body.seg('TRN').el('1').el(q.dependent.trace).el('9877281234').end();
      body.seg('NM1').el('03').el('1').el(q.dependent.last).el(q.dependent.first).end();
      if (q.dependent.birthDate) body.seg('DMG').el('D8').el(q.dependent.birthDate.replace(/-/g, '')).end();
      body.seg('EQ').repeats(q.serviceTypes ?? ['30']).end();
    }
  }
  return writeInterchange(w, { senderQualifier: 'ZZ', senderId: 'TESTCLINIC', receiverQualifier: 'ZZ', receiverId: 'CDGHEALTHPLAN', usage: 'T', ackRequested: false }, controlNumber, FIXED_NOW, [
    { functionalId: 'HS', senderCode: 'TESTCLINIC', receiverCode: 'CDGHEALTHPLAN', controlNumber, version: '005010X279A1', transactions: [{ code: '270', controlNumber: '0001', implementation: '005010X279A1', body }] },
  ]);
}

/** Segments of one document as arrays of elements (split with the ISA's delimiters), for assertions. */
export function segmentsOf(text: string): string[][] {
  const element = text[3];
  const terminator = text[105];
  return text.split(terminator).map((s) => s.replace(/^[\r\n]+/, '')).filter(Boolean).map((s) => s.split(element));
}

/**
 * Parses with node-x12 (an independent parser) into [tag, ...elements] per transaction set. Known traps
 * handled: a fresh X12Parser per parse, the component separator set from ISA16, trailing empties stripped.
 */
export function parseWithNodeX12(text: string): string[][][] {
  const parser = new X12Parser(true);
  const ic = parser.parse(text, { elementDelimiter: text[3], subElementDelimiter: text[104], segmentTerminator: text[105], endOfLine: '\n' }) as unknown as {
    functionalGroups: Array<{ transactions: Array<{ header: { elements: Array<{ value: string }> }; segments: Array<{ tag: string; elements: Array<{ value: string }> }> }> }>;
  };
  const out: string[][][] = [];
  for (const g of ic.functionalGroups) {
    for (const tx of g.transactions) {
      out.push(tx.segments.map((s) => {
        const values = s.elements.map((e) => e.value);
        while (values.length > 0 && values[values.length - 1] === '') values.pop();
        return [s.tag, ...values];
      }));
    }
  }
  return out;
}

export interface Claim837 {
  pcn: string;
  billingNpi: string;
  billingName: string;
  payerId: string;
  subscriber: { memberId: string; last: string; first: string; birthDate: string; gender: 'F' | 'M' };
  patient?: { last: string; first: string; birthDate: string; gender: 'F' | 'M' };
  diagnoses: string[];
  lines: Array<{ code: string; charge: number; units?: number; date: string }>;
}

/** 837 header: BHT and the 1000A submitter / 1000B receiver loops. */
function addSubmitterAndReceiver(body: TransactionBody, batch: string, submitterName: string): void {
  body.seg('BHT').el('0019').el('00').el(batch).el('20260101').el('1200').el('CH').end();
  body.seg('NM1').el('41').el('2').el(submitterName).at(8).el('46').el('TESTSUBMIT').end();
  body.seg('PER').el('IC').el('JANE DOE').el('TE').el('5555550100').end();
  body.seg('NM1').el('40').el('2').el('CDG HEALTH PLAN').at(8).el('46').el('CDGHEALTHPLAN').end();
}

/** 837 2000A/2010AA: the billing provider's HL (number `hl`), name, address and tax id. */
function addBillingProvider(body: TransactionBody, hl: number, c: Claim837): void {
  body.seg('HL').el(String(hl)).at(3).el('20').el('1').end();
  body.seg('NM1').el('85').el('2').el(c.billingName).at(8).el('XX').el(c.billingNpi).end();
  body.seg('N3').el('1 MAIN STREET').end();
  body.seg('N4').el('SPRINGFIELD').el('IL').el('62701').end();
  body.seg('REF').el('EI').el('123456789').end();
}

/** Builds an 837P (005010X222A1) as a practice-management system would send it. */
export function build837P(claims: Claim837[], controlNumber = 515151, d: Delimiters = DEFAULT_DELIMITERS): string {
  const w = new SegmentWriter(d);
  const body = new TransactionBody(w);
  addSubmitterAndReceiver(body, 'BATCH0001', 'TEST BILLING SERVICE');
  let hl = 0;
  for (const c of claims) {
    const billing = ++hl;
    addBillingProvider(body, billing, c);
    const sub = ++hl;
    body.seg('HL').el(String(sub)).el(String(billing)).el('22').el(c.patient ? '1' : '0').end();
    body.seg('SBR').el('P').el(c.patient ? undefined : '18').at(9).el('CI').end();
    body.seg('NM1').el('IL').el('1').el(c.subscriber.last).el(c.subscriber.first).at(8).el('MI').el(c.subscriber.memberId).end();
    if (!c.patient) body.seg('DMG').el('D8').el(c.subscriber.birthDate.replace(/-/g, '')).el(c.subscriber.gender).end();
    body.seg('NM1').el('PR').el('2').el('PAYER').at(8).el('PI').el(c.payerId).end();
    if (c.patient) {
      body.seg('HL').el(String(++hl)).el(String(sub)).el('23').el('0').end();
      body.seg('PAT').el('19').end();
      body.seg('NM1').el('QC').el('1').el(c.patient.last).el(c.patient.first).end();
      body.seg('N3').el('1 MAIN STREET').end();
      body.seg('N4').el('SPRINGFIELD').el('IL').el('62701').end();
      body.seg('DMG').el('D8').el(c.patient.birthDate.replace(/-/g, '')).el(c.patient.gender).end();
    }
    const total = c.lines.reduce((s, l) => s + l.charge, 0);
    body.seg('CLM').el(c.pcn).el(String(total)).at(5).el('11').sub('B').sub('1').el('Y').el('A').el('Y').el('Y').end();
    body.seg('HI');
    c.diagnoses.forEach((dx, i) => body.composite([i === 0 ? 'ABK' : 'ABF', dx.replace('.', '')]));
    body.end();
    c.lines.forEach((l, i) => {
      body.seg('LX').el(String(i + 1)).end();
      body.seg('SV1').el('HC').sub(l.code).el(String(l.charge)).el('UN').el(String(l.units ?? 1)).at(7).el('1').end();
      body.seg('DTP').el('472').el('D8').el(l.date.replace(/-/g, '')).end();
    });
  }
  return writeInterchange(w, { senderQualifier: 'ZZ', senderId: 'TESTSUBMIT', receiverQualifier: 'ZZ', receiverId: 'CDGHEALTHPLAN', usage: 'T', ackRequested: false }, controlNumber, FIXED_NOW, [
    { functionalId: 'HC', senderCode: 'TESTSUBMIT', receiverCode: 'CDGHEALTHPLAN', controlNumber, version: '005010X222A1', transactions: [{ code: '837', controlNumber: '0001', implementation: '005010X222A1', body }] },
  ]);
}

/** Builds an 837I (005010X223A2) as a hospital billing system would send it; `cl1` null leaves CL1 out. */
export function build837I(claims: Claim837[], options: { cl1?: string[] | null; controlNumber?: number; extra2300?: string[][] } = {}): string {
  const d = DEFAULT_DELIMITERS;
  const w = new SegmentWriter(d);
  const body = new TransactionBody(w);
  addSubmitterAndReceiver(body, 'BATCHI0001', 'TEST HOSPITAL BILLING');
  let hl = 0;
  for (const c of claims) {
    const billing = ++hl;
    addBillingProvider(body, billing, c);
    body.seg('HL').el(String(++hl)).el(String(billing)).el('22').el('0').end();
    body.seg('SBR').el('P').el('18').at(9).el('CI').end();
    body.seg('NM1').el('IL').el('1').el(c.subscriber.last).el(c.subscriber.first).at(8).el('MI').el(c.subscriber.memberId).end();
    body.seg('DMG').el('D8').el(c.subscriber.birthDate.replace(/-/g, '')).el(c.subscriber.gender).end();
    body.seg('NM1').el('PR').el('2').el('PAYER').at(8).el('PI').el(c.payerId).end();
    const total = c.lines.reduce((s, l) => s + l.charge, 0);
    const first = c.lines[0].date.replace(/-/g, '');
    body.seg('CLM').el(c.pcn).el(String(total)).at(5).el('13').sub('A').sub('1').at(7).el('A').el('Y').el('Y').end();
    body.seg('DTP').el('434').el('RD8').el(`${first}-${first}`).end();
    for (const seg of options.extra2300 ?? []) body.seg(seg[0]).elements(seg.slice(1)).end();
    if (options.cl1 !== null) body.seg('CL1').elements(options.cl1 ?? [undefined, undefined, '01']).end();
    body.seg('HI').el('ABK').sub(c.diagnoses[0].replace('.', '')).end();
    c.lines.forEach((l, i) => {
      body.seg('LX').el(String(i + 1)).end();
      body.seg('SV2').el('0510').el('HC').sub(l.code).el(String(l.charge)).el('UN').el(String(l.units ?? 1)).end();
      body.seg('DTP').el('472').el('D8').el(l.date.replace(/-/g, '')).end();
    });
  }
  const controlNumber = options.controlNumber ?? 616161;
  return writeInterchange(w, { senderQualifier: 'ZZ', senderId: 'TESTSUBMIT', receiverQualifier: 'ZZ', receiverId: 'CDGHEALTHPLAN', usage: 'T', ackRequested: false }, controlNumber, FIXED_NOW, [
    { functionalId: 'HC', senderCode: 'TESTSUBMIT', receiverCode: 'CDGHEALTHPLAN', controlNumber, version: '005010X223A2', transactions: [{ code: '837', controlNumber: '0001', implementation: '005010X223A2', body }] },
  ]);
}

/** A 276 (005010X212) asking about claims by patient control number (REF*EJ), one 2200D each. */
export function build276(questions: Array<{ trace: string; pcn: string; memberId?: string }>): string {
  const w = new SegmentWriter(DEFAULT_DELIMITERS);
  const body = new TransactionBody(w);
  body.seg('BHT').el('0010').el('13').el('STATUS0001').el('20260101').el('1200').end();
  body.seg('HL').el('1').at(3).el('20').el('1').end();
  body.seg('NM1').el('PR').el('2').el('PAYER').at(8).el('PI').el('EVG01').end();
  body.seg('HL').el('2').el('1').el('21').el('1').end();
  body.seg('NM1').el('41').el('2').el('TEST CLINIC').at(8).el('46').el('TESTCLINIC').end();
  body.seg('HL').el('3').el('2').el('19').el('1').end();
  body.seg('NM1').el('1P').el('2').el('TEST CLINIC').at(8).el('XX').el('1234567893').end();
  let hl = 3;
  for (const q of questions) {
    body.seg('HL').el(String(++hl)).el('3').el('22').el('0').end();
    body.seg('NM1').el('IL').el('1').el('DOE').el('JANE').at(8).el('MI').el(q.memberId ?? 'M000000001').end();
    body.seg('TRN').el('1').el(q.trace).end();
    body.seg('REF').el('EJ').el(q.pcn).end();
    body.seg('DTP').el('472').el('RD8').el('20250101-20251231').end();
  }
  return writeInterchange(w, { senderQualifier: 'ZZ', senderId: 'TESTCLINIC', receiverQualifier: 'ZZ', receiverId: 'CDGHEALTHPLAN', usage: 'T', ackRequested: false }, 313131, FIXED_NOW, [
    { functionalId: 'HR', senderCode: 'TESTCLINIC', receiverCode: 'CDGHEALTHPLAN', controlNumber: 313131, version: '005010X212', transactions: [{ code: '276', controlNumber: '0001', implementation: '005010X212', body }] },
  ]);
}

/** A subscriber of the store with coverage in force on 2025-12-01, and a billing provider: what an inbound claim names. */
export function coveredSubscriber(store: Store): Omit<Claim837, 'pcn' | 'diagnoses' | 'lines'> {
  const ref = (r: { reference?: string } | undefined) => r?.reference?.split('/')[1] ?? '';
  const self = [...store.all<Coverage>('Coverage')].find((c) => c.relationship?.coding?.[0]?.code === 'self' && coverageActiveOn(c, '2025-12-01'));
  if (!self) throw new Error('the golden population has no subscriber covered on 2025-12-01');
  const sub = store.read<Patient>('Patient', ref(self.beneficiary));
  const payer = store.read<Organization>('Organization', ref(self.payor[0]));
  const provider = [...store.all<Organization>('Organization')].find((o) => npiOf(o)) as Organization;
  return {
    billingNpi: npiOf(provider) ?? '',
    billingName: provider.name ?? '',
    payerId: payerIdOf(payer),
    subscriber: { memberId: memberIdOf(sub, self) ?? '', last: sub.name?.[0]?.family ?? '', first: sub.name?.[0]?.given?.[0] ?? '', birthDate: sub.birthDate ?? '', gender: sub.gender === 'male' ? 'M' : 'F' },
  };
}
