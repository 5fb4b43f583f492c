import type { Patient } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { encodePatientRows, patientRow, patientRowJson } from '../../../data-store/compact/patient-rows.js';
import { PatientTable } from '../../../data-store/compact/patient-table.js';
import { DEFAULT_POPULATION_CONFIG } from '../../../population/config.js';
import { generateDirectory } from '../../../population/directory.js';
import { generatePatientPeople } from '../../../population/generate-patient.js';

const config = { ...DEFAULT_POPULATION_CONFIG, patients: 120 };
const directory = generateDirectory(config);
const generated = Array.from({ length: config.patients }, (_, i) => JSON.stringify(generatePatientPeople(config, directory, i).patient));

describe('Patient rows', () => {
  it('give back every generated Patient exactly, at under half its JSON size', () => {
    const rows = encodePatientRows(generated);
    expect(rows.ends).toHaveLength(generated.length);
    expect(rows.tokens.length).toBeGreaterThan(10);
    generated.forEach((json, k) => {
      expect(patientRowJson(rows, k)).toBe(json);
      expect(patientRow(rows, k)).toEqual({ patient: JSON.parse(json), json });
    });
    const raw = generated.reduce((n, json) => n + Buffer.byteLength(json), 0);
    expect(rows.text.byteLength).toBeLessThan(raw / 2);
  });

  it('give back texts holding escapes, quotes, token look-alikes and non-ASCII exactly', () => {
    const odd: Patient[] = [
      { resourceType: 'Patient', name: [{ family: 'O"Brien\\', given: ['\u0001\u001f', 'system', '"system"'] }] },
      { resourceType: 'Patient', name: [{ family: 'Łukasiewicz 🦉', given: ['Zoë', '\\"display\\"'] }] },
      { resourceType: 'Patient', id: 'x', text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">a\nb\t"c"</div>' } },
    ];
    const texts = [...generated.slice(0, 70), ...odd.map((p) => JSON.stringify(p))];
    const rows = encodePatientRows(texts);
    texts.forEach((json, k) => expect(patientRowJson(rows, k)).toBe(json));
    expect(patientRow(rows, texts.length - 2).patient).toEqual(odd[1]);
  });

  it('are found by patient index in a table of chunks, and nothing outside them', () => {
    const table = new PatientTable(50);
    table.add(100, encodePatientRows(generated.slice(100)));
    table.add(0, encodePatientRows(generated.slice(0, 50)));
    expect(table.get(0)).toEqual({ patient: JSON.parse(generated[0]), json: generated[0] });
    expect(table.get(119)?.json).toBe(generated[119]);
    expect(table.get(50)).toBeUndefined(); // its chunk has not come
    for (const i of [120, 149, 150, -1, 1.5, Number.NaN]) expect(table.get(i), String(i)).toBeUndefined();
    expect(table.get(3)).not.toBe(table.get(3));
    expect(table.bytes()).toBeGreaterThan(0);
    expect(encodePatientRows([]).ends).toHaveLength(0);
  });
});
