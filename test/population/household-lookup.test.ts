import { describe, expect, it } from 'vitest';
import { DEFAULT_POPULATION_CONFIG, type PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { householdLookup } from '../../population/household-lookup.js';

const config: PopulationConfig = { ...DEFAULT_POPULATION_CONFIG, seed: 'lookup-13', patients: 9, historyYears: 2 };

describe('householdLookup (issue 13: a patient\'s record regenerated on demand)', () => {
  const { directory, resources } = generatePopulation(config);

  it('finds every generated resource but the cohort Groups by its id alone, byte for byte, with a cache of two households', () => {
    const lookup = householdLookup(config, generatePopulation(config).directory, 2);
    // In reverse, so households are evicted and regenerated.
    for (const r of [...resources].reverse()) {
      const owned = lookup.owns(r.resourceType, r.id!);
      expect([r.resourceType, r.id, owned]).toEqual([r.resourceType, r.id, r.resourceType !== 'Group']);
      if (owned) expect(JSON.stringify(lookup.find(r.resourceType, r.id!))).toBe(JSON.stringify(r));
    }
  });

  it('knows an id of a patient\'s record the population does not hold, and owns none past the last patient', () => {
    const lookup = householdLookup(config, directory);
    expect(lookup.owns('Observation', 'obs-3-99999')).toBe(true);
    expect(lookup.find('Observation', 'obs-3-99999')).toBeUndefined();
    expect(lookup.find('Encounter', 'obs-3-1')).toBeUndefined();
    expect(lookup.owns('Patient', 'pt-000009')).toBe(false);
    expect(lookup.owns('Group', 'grp-children')).toBe(false);
  });
});
