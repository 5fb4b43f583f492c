import type { Coverage, Patient } from 'fhir/r4';
import type { PopulationConfig } from '../../population/config.js';
import { generateDirectory } from '../../population/directory.js';
import { generatePatientPeople } from '../../population/generate-patient.js';
import type { Directory } from '../../population/model.js';

/** Patients and coverages without the clinical part, so people tests stay fast whatever clinical does. */
export interface People {
  config: PopulationConfig;
  directory: Directory;
  patients: Patient[];
  coverages: Coverage[];
  coveragesOf: Map<string, Coverage[]>;
}

export function config(overrides: Partial<PopulationConfig> = {}): PopulationConfig {
  return { seed: '42', patients: 2000, asOf: '2026-01-01', historyYears: 3, includeAddress: true, ...overrides };
}

export function generatePeople(cfg: PopulationConfig): People {
  const directory = generateDirectory(cfg);
  const patients: Patient[] = [];
  const coverages: Coverage[] = [];
  const coveragesOf = new Map<string, Coverage[]>();
  for (let i = 0; i < cfg.patients; i++) {
    const p = generatePatientPeople(cfg, directory, i);
    patients.push(p.patient);
    coverages.push(...p.coverages);
    coveragesOf.set(p.patient.id as string, p.coverages);
  }
  return { config: cfg, directory, patients, coverages, coveragesOf };
}

export function ageOf(p: Patient, asOf: string): number {
  const [y, m, d] = asOf.split('-').map(Number);
  const [by, bm, bd] = (p.birthDate as string).split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function extensionValue(p: Patient, url: string): unknown {
  const e = p.extension?.find((x) => x.url === url);
  return e?.valueString ?? e?.valueInteger ?? e?.valueCode;
}
