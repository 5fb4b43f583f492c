import type { Device, DocumentReference, Encounter, MedicationRequest } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { MEDICATION_BY_KEY } from '../../population/data/clinical/medications.js';
import { clinicalSample, ofType } from './clinical-fixture.js';

// US Core DocumentReference (a note per encounter) and Device for relevant patients (issue 16).
// Type 1 diabetes (always on insulin) is rare (~0.5%): this seed has a patient on insulin among 150.
const sample = clinicalSample(150, { seed: 'docs' });
const INSULIN = MEDICATION_BY_KEY.get('insulin-glargine')?.rxnorm;
/** The SNOMED encounter type of a dental visit (population/clinical/dental.ts). */
const DENTAL_VISIT = '34043003';
const NOTE_TYPE_BY_CLASS: Record<string, string[]> = { AMB: ['11506-3', '34117-2', '28570-0'], EMER: ['34111-5'], IMP: ['18842-5'] };

describe('clinical notes (DocumentReference)', () => {
  it('one note per encounter, in that encounter, by the same author, with a LOINC type fitting the visit', () => {
    let notes = 0;
    let dentalNotes = 0;
    for (const { resources } of sample) {
      // Dental visits (population/clinical/dental.ts) included: a progress note naming the procedures done.
      const all = ofType<Encounter>(resources, 'Encounter');
      const encounters = new Map(all.map((e) => [`Encounter/${e.id ?? ''}`, e]));
      const docs = ofType<DocumentReference>(resources, 'DocumentReference');
      expect(docs.length).toBe(encounters.size);
      const seen = new Set<string>();
      for (const doc of docs) {
        notes++;
        const key = doc.context?.encounter?.[0]?.reference ?? '';
        const encounter = encounters.get(key);
        expect(encounter, key).toBeDefined();
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        expect(doc.subject).toEqual(encounter?.subject);
        expect(doc.author?.[0]).toEqual(encounter?.participant?.[0]?.individual);
        expect(doc.context?.period).toEqual(encounter?.period);
        expect(doc.type?.coding?.[0]?.system).toBe('http://loinc.org');
        expect(NOTE_TYPE_BY_CLASS[encounter?.class.code ?? '']).toContain(doc.type?.coding?.[0]?.code);
        expect(doc.category?.[0]?.coding?.[0]?.code).toBe('clinical-note');
        if (encounter?.type?.some((t) => t.coding?.some((c) => c.code === DENTAL_VISIT))) {
          dentalNotes++;
          expect(Buffer.from(doc.content[0].attachment.data ?? '', 'base64').toString('utf8')).toMatch(/Reason for visit: Dental recall visit \(periodic oral evaluation/);
        }
      }
    }
    expect(notes).toBeGreaterThan(100);
    expect(dentalNotes).toBeGreaterThan(10);
  });

  it('the note is base64 text/plain naming the visit date and its reason', () => {
    const { resources } = sample.find((s) => ofType(s.resources, 'DocumentReference').length > 0) ?? { resources: [] };
    const docs = ofType<DocumentReference>(resources, 'DocumentReference');
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      const attachment = doc.content[0].attachment;
      expect(attachment.contentType).toMatch(/^text\/plain/);
      const text = Buffer.from(attachment.data ?? '', 'base64').toString('utf8');
      expect(text).toContain(`Date: ${doc.context?.period?.start?.slice(0, 10) ?? 'none'}`);
      expect(text).toMatch(/Reason for visit: \S/);
    }
  });
});

describe('home devices (Device)', () => {
  it('every patient with an active insulin order has a blood glucose meter, and only they do', () => {
    let onInsulin = 0;
    for (const { resources } of sample) {
      const insulin = ofType<MedicationRequest>(resources, 'MedicationRequest')
        .some((m) => m.status !== 'stopped' && m.medicationCodeableConcept?.coding?.[0]?.code === INSULIN);
      const meters = ofType<Device>(resources, 'Device').filter((d) => d.type?.coding?.[0]?.code === '337414009');
      expect(meters.length).toBe(insulin ? 1 : 0);
      if (insulin) {
        onInsulin++;
        expect(meters[0].patient?.reference).toMatch(/^Patient\//);
      }
    }
    expect(onInsulin).toBeGreaterThan(0);
  });
});
