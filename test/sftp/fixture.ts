import express from 'express';
import type { Coverage, Organization, Patient, Resource } from 'fhir/r4';
import { createStore, type Store } from '../../data-store/index.js';
import { createEdi, type Edi } from '../../edi/gateway.js';
import { DEFAULT_DELIMITERS } from '../../edi/x12/delimiters.js';
import { writeInterchange } from '../../edi/x12/envelope.js';
import { SegmentWriter, TransactionBody } from '../../edi/x12/writer.js';
import { DEFAULT_POPULATION_CONFIG, type PopulationConfig } from '../../population/config.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { generatePopulation } from '../../population/generate.js';
import { createEdiRouter } from '../../server/edi/router.js';
import { createGatewayDocuments, type MailboxDocuments } from '../../server/sftp/index.js';

export const CONFIG: PopulationConfig = { ...DEFAULT_POPULATION_CONFIG, seed: 'sftp-tests', patients: 15, asOf: '2026-01-01', historyYears: 1 };
/** Fixed document clock, so two emissions of the same data differ only in control numbers. */
export const FIXED_NOW = new Date('2026-01-01T12:00:00Z');

let resources: Resource[] | undefined;

export interface EdiWorld {
  store: Store;
  /** The store's EDI object, shared by the HTTP face and the drop. */
  edi: Edi;
  /** The HTTP EDI face over the same store (GET /edi/834 ...). */
  http: express.Express;
  documents: MailboxDocuments;
}

/** A real generated population in a real store, with the real EDI gateway and HTTP router over it. */
export async function ediWorld(): Promise<EdiWorld> {
  resources ??= generatePopulation(CONFIG).resources;
  const base = resources;
  const store = await createStore({ base: () => base, baseLastUpdated: `${CONFIG.asOf}T00:00:00Z` });
  const edi = createEdi(store, { asOf: CONFIG.asOf, clock: () => FIXED_NOW });
  const http = express().use('/edi', createEdiRouter({ store, edi }));
  return { store, edi, http, documents: createGatewayDocuments(edi) };
}

/** A subscriber with coverage in force, as a provider would ask about them. */
export function someSubscriber(store: Store): { memberId: string; family: string; given: string; birthDate: string; payerId: string } {
  for (const coverage of store.all<Coverage>('Coverage')) {
    if (coverage.relationship?.coding?.[0]?.code !== 'self' || !coverage.subscriberId) continue;
    // A subscriber whose coverage is in force (an open period), so a 270 for them is answered active (EB*1).
    if (coverage.status !== 'active' || coverage.period?.end !== undefined) continue;
    const patient = store.read<Patient>('Patient', coverage.beneficiary.reference!.split('/')[1]!);
    const payer = store.read<Organization>('Organization', coverage.payor[0]!.reference!.split('/')[1]!);
    const payerId = payer.identifier?.find((i) => i.system === IDENTIFIER.payerId)?.value;
    if (!payerId || !patient.birthDate) continue;
    return { memberId: coverage.subscriberId, family: patient.name![0]!.family!, given: patient.name![0]!.given![0]!, birthDate: patient.birthDate, payerId };
  }
  throw new Error('no subscriber in the test population');
}

/** An eligibility inquiry (005010X279A1) for one subscriber, written with the EDI layer's envelope writer. */
export function inquiry270(who: ReturnType<typeof someSubscriber>, trace: string): string {
  const w = new SegmentWriter(DEFAULT_DELIMITERS);
  const body = new TransactionBody(w);
  body.seg('BHT').el('0022').el('13').el(trace).el('20260101').el('1200').end();
  body.seg('HL').el('1').at(3).el('20').el('1').end();
  body.seg('NM1').el('PR').el('2').el('PAYER').at(8).el('PI').el(who.payerId).end();
  body.seg('HL').el('2').el('1').el('21').el('1').end();
  body.seg('NM1').el('1P').el('2').el('SFTP TEST CLINIC').at(8).el('XX').el('1234567893').end();
  body.seg('HL').el('3').el('2').el('22').el('0').end();
  body.seg('TRN').el('1').el(trace).el('9877281234').end();
  body.seg('NM1').el('IL').el('1').el(who.family.toUpperCase()).el(who.given.toUpperCase()).at(8).el('MI').el(who.memberId).end();
  body.seg('DMG').el('D8').el(who.birthDate.replaceAll('-', '')).end();
  body.seg('EQ').el('30').end();
  return writeInterchange(w, { senderQualifier: 'ZZ', senderId: 'SFTPCLINIC', receiverQualifier: 'ZZ', receiverId: 'CDGHEALTHPLAN', usage: 'T', ackRequested: false }, 777001, FIXED_NOW, [
    { functionalId: 'HS', senderCode: 'SFTPCLINIC', receiverCode: 'CDGHEALTHPLAN', controlNumber: 777001, version: '005010X279A1', transactions: [{ code: '270', controlNumber: '0001', implementation: '005010X279A1', body }] },
  ]);
}

/**
 * A professional claim file a clearinghouse would send: the store's own 837P with fresh patient control
 * numbers (CLM01 `<prefix>1`, `<prefix>2`, ...) so the claims are new, not duplicates. Returns the numbers used.
 */
export async function fresh837P(store: Store, prefix: string): Promise<{ text: string; controlNumbers: string[] }> {
  const { text } = await createEdi(store).emit('837P');
  const controlNumbers: string[] = [];
  const out = text.replace(/(^|~\n?)CLM\*[^*]*/g, (_m, lead: string) => {
    const pcn = `${prefix}${controlNumbers.length + 1}`;
    controlNumbers.push(pcn);
    return `${lead}CLM*${pcn}`;
  });
  return { text: out, controlNumbers };
}

/** The document without its envelope/header segments (ISA GS ST BHT BGN SE GE IEA), which carry control numbers and times. */
export function content(x12: string): string[] {
  return x12
    .split('~')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !/^(ISA|GS|ST|SE|GE|IEA|BHT|BGN)\*/.test(s));
}
