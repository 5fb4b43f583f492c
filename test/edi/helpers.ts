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
  body.add('BHT', '0022', '13', 'REQ0001', '20260101', '1200');
  body.add('HL', '1', undefined, '20', '1');
  body.add('NM1', 'PR', '2', 'PAYER', undefined, undefined, undefined, undefined, 'PI', inquiries[0]?.payerId ?? 'EVG01');
  body.add('HL', '2', '1', '21', '1');
  body.add('NM1', '1P', '2', 'TEST CLINIC', undefined, undefined, undefined, undefined, 'XX', '1234567893');
  let hl = 2;
  for (const q of inquiries) {
    const sub = ++hl;
    body.add('HL', String(sub), '2', '22', q.dependent ? '1' : '0');
    body.add('TRN', '1', q.trace, '9877281234');
    body.add('NM1', 'IL', '1', q.last, q.first, undefined, undefined, undefined, 'MI', q.memberId);
    if (q.birthDate) body.add('DMG', 'D8', q.birthDate.replace(/-/g, ''));
    if (q.date) body.add('DTP', '291', 'D8', q.date);
    if (!q.dependent) body.add('EQ', { repeat: q.serviceTypes ?? ['30'] });
    if (q.dependent) {
      body.add('HL', String(++hl), String(sub), '23', '0');
      body.add('TRN', '1', q.dependent.trace, '9877281234');
      body.add('NM1', '03', '1', q.dependent.last, q.dependent.first);
      if (q.dependent.birthDate) body.add('DMG', 'D8', q.dependent.birthDate.replace(/-/g, ''));
      body.add('EQ', { repeat: q.serviceTypes ?? ['30'] });
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
  body.add('BHT', '0019', '00', batch, '20260101', '1200', 'CH');
  body.add('NM1', '41', '2', submitterName, undefined, undefined, undefined, undefined, '46', 'TESTSUBMIT');
  body.add('PER', 'IC', 'JANE DOE', 'TE', '5555550100');
  body.add('NM1', '40', '2', 'CDG HEALTH PLAN', undefined, undefined, undefined, undefined, '46', 'CDGHEALTHPLAN');
}

/** 837 2000A/2010AA: the billing provider's HL (number `hl`), name, address and tax id. */
function addBillingProvider(body: TransactionBody, hl: number, c: Claim837): void {
  body.add('HL', String(hl), undefined, '20', '1');
  body.add('NM1', '85', '2', c.billingName, undefined, undefined, undefined, undefined, 'XX', c.billingNpi);
  body.add('N3', '1 MAIN STREET');
  body.add('N4', 'SPRINGFIELD', 'IL', '62701');
  body.add('REF', 'EI', '123456789');
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
    body.add('HL', String(sub), String(billing), '22', c.patient ? '1' : '0');
    body.add('SBR', 'P', c.patient ? undefined : '18', undefined, undefined, undefined, undefined, undefined, undefined, 'CI');
    body.add('NM1', 'IL', '1', c.subscriber.last, c.subscriber.first, undefined, undefined, undefined, 'MI', c.subscriber.memberId);
    if (!c.patient) body.add('DMG', 'D8', c.subscriber.birthDate.replace(/-/g, ''), c.subscriber.gender);
    body.add('NM1', 'PR', '2', 'PAYER', undefined, undefined, undefined, undefined, 'PI', c.payerId);
    if (c.patient) {
      body.add('HL', String(++hl), String(sub), '23', '0');
      body.add('PAT', '19');
      body.add('NM1', 'QC', '1', c.patient.last, c.patient.first);
      body.add('N3', '1 MAIN STREET');
      body.add('N4', 'SPRINGFIELD', 'IL', '62701');
      body.add('DMG', 'D8', c.patient.birthDate.replace(/-/g, ''), c.patient.gender);
    }
    const total = c.lines.reduce((s, l) => s + l.charge, 0);
    body.add('CLM', c.pcn, String(total), undefined, undefined, ['11', 'B', '1'], 'Y', 'A', 'Y', 'Y');
    body.add('HI', ...c.diagnoses.map((dx, i) => [i === 0 ? 'ABK' : 'ABF', dx.replace('.', '')]));
    c.lines.forEach((l, i) => {
      body.add('LX', String(i + 1));
      body.add('SV1', ['HC', l.code], String(l.charge), 'UN', String(l.units ?? 1), undefined, undefined, ['1']);
      body.add('DTP', '472', 'D8', l.date.replace(/-/g, ''));
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
    body.add('HL', String(++hl), String(billing), '22', '0');
    body.add('SBR', 'P', '18', undefined, undefined, undefined, undefined, undefined, undefined, 'CI');
    body.add('NM1', 'IL', '1', c.subscriber.last, c.subscriber.first, undefined, undefined, undefined, 'MI', c.subscriber.memberId);
    body.add('DMG', 'D8', c.subscriber.birthDate.replace(/-/g, ''), c.subscriber.gender);
    body.add('NM1', 'PR', '2', 'PAYER', undefined, undefined, undefined, undefined, 'PI', c.payerId);
    const total = c.lines.reduce((s, l) => s + l.charge, 0);
    const first = c.lines[0].date.replace(/-/g, '');
    body.add('CLM', c.pcn, String(total), undefined, undefined, ['13', 'A', '1'], undefined, 'A', 'Y', 'Y');
    body.add('DTP', '434', 'RD8', `${first}-${first}`);
    for (const seg of options.extra2300 ?? []) body.add(seg[0], ...seg.slice(1));
    if (options.cl1 !== null) body.add('CL1', ...(options.cl1 ?? [undefined, undefined, '01']));
    body.add('HI', ['ABK', c.diagnoses[0].replace('.', '')]);
    c.lines.forEach((l, i) => {
      body.add('LX', String(i + 1));
      body.add('SV2', '0510', ['HC', l.code], String(l.charge), 'UN', String(l.units ?? 1));
      body.add('DTP', '472', 'D8', l.date.replace(/-/g, ''));
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
  body.add('BHT', '0010', '13', 'STATUS0001', '20260101', '1200');
  body.add('HL', '1', undefined, '20', '1');
  body.add('NM1', 'PR', '2', 'PAYER', undefined, undefined, undefined, undefined, 'PI', 'EVG01');
  body.add('HL', '2', '1', '21', '1');
  body.add('NM1', '41', '2', 'TEST CLINIC', undefined, undefined, undefined, undefined, '46', 'TESTCLINIC');
  body.add('HL', '3', '2', '19', '1');
  body.add('NM1', '1P', '2', 'TEST CLINIC', undefined, undefined, undefined, undefined, 'XX', '1234567893');
  let hl = 3;
  for (const q of questions) {
    body.add('HL', String(++hl), '3', '22', '0');
    body.add('NM1', 'IL', '1', 'DOE', 'JANE', undefined, undefined, undefined, 'MI', q.memberId ?? 'M000000001');
    body.add('TRN', '1', q.trace);
    body.add('REF', 'EJ', q.pcn);
    body.add('DTP', '472', 'RD8', '20250101-20251231');
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
