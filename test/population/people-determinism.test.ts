import type { Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { directoryResources, generateDirectory } from '../../population/directory.js';
import { generatePatientRecord } from '../../population/generate-patient.js';
import { generatePopulation, patientId } from '../../population/generate.js';
import { createRng } from '../../population/random.js';
import { config, generatePeople } from './people-fixture.js';

const peopleJson = (seed: string, overrides = {}) => {
  const p = generatePeople(config({ seed, patients: 400, ...overrides }));
  return JSON.stringify([directoryResources(p.directory), p.patients, p.coverages]);
};

/** Splits the sequential population into records: each record starts at its Patient. */
function recordsOf(resources: Resource[]): Map<string, string> {
  const out = new Map<string, string>();
  let current: Resource[] | undefined;
  let id = '';
  const flush = () => current && out.set(id, JSON.stringify(current));
  for (const r of resources) {
    // The cohort Groups (population/cohorts.ts) follow the last patient and belong to no patient's record.
    if (r.resourceType === 'Group') break;
    if (r.resourceType === 'Patient') {
      flush();
      current = [r];
      id = r.id as string;
    } else if (current) current.push(r);
  }
  flush();
  return out;
}

describe('determinism of people and coverage', () => {
  it('the same seed gives identical bytes; a different seed gives different people', () => {
    const a = peopleJson('det');
    expect(peopleJson('det')).toBe(a);
    expect(peopleJson('det2')).not.toBe(a);
  });

  it('patient i regenerated alone (full record), in any order and after other work, equals patient i in the full run', () => {
    const cfg = config({ seed: 'alone', patients: 120 });
    const full = recordsOf(generatePopulation(cfg).resources);
    expect(full.size).toBe(cfg.patients);
    const rng = createRng('order');
    const picks = Array.from({ length: 20 }, () => rng.int(0, cfg.patients - 1)).concat([0, cfg.patients - 1]);
    const other = config({ seed: 'other', patients: 50, state: 'TX' });
    const otherDirectory = generateDirectory(other);
    for (const i of picks) {
      // Interleave another population's patients so any cache would be cold or wrong.
      generatePatientRecord(other, otherDirectory, i % 50);
      const alone = generatePatientRecord({ ...cfg }, generateDirectory({ ...cfg }), i);
      expect(alone.patientIndex).toBe(i);
      expect(JSON.stringify(alone.resources), `patient ${i}`).toBe(full.get(patientId(i)));
    }
  });

  it('the directory depends only on the config and lists payers, orgs, practitioners, roles, locations, plans in order', () => {
    const cfg = config({ seed: 'dir' });
    const a = directoryResources(generateDirectory(cfg));
    expect(JSON.stringify(directoryResources(generateDirectory({ ...cfg })))).toBe(JSON.stringify(a));
    const order = a.map((r) => r.resourceType);
    const firstOf = (t: string) => order.indexOf(t);
    expect(firstOf('Organization')).toBe(0);
    expect(firstOf('Practitioner')).toBeLessThan(firstOf('PractitionerRole'));
    expect(firstOf('PractitionerRole')).toBeLessThan(firstOf('Location'));
    expect(firstOf('Location')).toBeLessThan(firstOf('InsurancePlan'));
  });

  it('dates follow the as-of date, not the wall clock', () => {
    const a = generatePeople(config({ seed: 'asof', patients: 20 })).patients[7];
    const b = generatePeople(config({ seed: 'asof', patients: 20, asOf: '2030-01-01' })).patients[7];
    expect(Number(b.birthDate?.slice(0, 4)) - Number(a.birthDate?.slice(0, 4))).toBe(4);
  });

  it('ids are valid FHIR ids and unique', () => {
    const p = generatePeople(config({ seed: 'ids', patients: 400 }));
    const resources: Resource[] = [...directoryResources(p.directory), ...p.patients, ...p.coverages];
    const keys = new Set<string>();
    for (const r of resources) {
      expect(r.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
      keys.add(`${r.resourceType}/${r.id}`);
    }
    expect(keys.size).toBe(resources.length);
  });
});
