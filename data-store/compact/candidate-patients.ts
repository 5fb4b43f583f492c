import type { PopulationConfig } from '../../population/config.js';
import { householdOfPatient, planHouseholds } from '../../population/households.js';
import { identifierOwner } from '../../population/identifier-owner.js';
import { patientIndexOfId } from '../../population/ids.js';
import { RECORD_TYPES } from '../../population/record-types.js';
import { findSearchParameter } from '../../fhir-profiles/search-parameters.js';
import type { FilterParam } from '../search/query-params.js';
import { unionAscending } from './index-queries.js';
import type { PopulationIndex } from './population-index.js';

/**
 * The patients whose records may match a search's filters, ascending (a superset: every candidate's household is
 * searched in full), or undefined when no filter narrows them (every patient). A filter narrows by arithmetic when
 * its values name record resources (`_id`, references to a patient's resources: ids carry the patient's index,
 * population/ids.ts), else through the population's indexes. https://hl7.org/fhir/R4/search.html
 */
export function candidatePatients(config: PopulationConfig, index: PopulationIndex | undefined, type: string, filters: FilterParam[]): Int32Array | undefined {
  let result: Int32Array | undefined;
  for (const f of filters) {
    const found = filterCandidates(config, index, type, f);
    if (found) result = result ? intersect(result, found) : found;
  }
  return result;
}

/** One filter's candidates: the union over its values (OR), or undefined when one value cannot be narrowed. */
function filterCandidates(config: PopulationConfig, index: PopulationIndex | undefined, type: string, f: FilterParam): Int32Array | undefined {
  if (f.chain !== undefined || f.modifier === 'not' || f.modifier === 'missing') return undefined;
  const lists: Int32Array[] = [];
  for (const value of f.values) {
    const list = valueCandidates(config, index, type, f, value);
    if (!list) return undefined;
    lists.push(list);
  }
  return unionAscending(lists, config.patients);
}

function valueCandidates(config: PopulationConfig, index: PopulationIndex | undefined, type: string, f: FilterParam, value: string): Int32Array | undefined {
  if (f.code === '_id' && !f.modifier) return patientsOf(config, patientIndexOfId(type, value) ?? NONE, false);
  const sp = findSearchParameter(type, f.code);
  if (sp?.type === 'reference' && f.modifier !== 'identifier') {
    const target = referenceTarget(value, f.modifier, sp.target ?? []);
    return target === undefined ? undefined : patientsOf(config, target, true);
  }
  if (f.code === 'identifier' && !f.modifier) return identifierCandidates(config, value);
  return index?.candidates(type, f.code, f.modifier, value);
}

/**
 * `identifier=[system|]value`: generated identifiers name their holder (population/identifier-owner.ts), so no index
 * is needed; a value no generated record holds has no candidates. `system|` (any value) is not narrowed.
 */
function identifierCandidates(config: PopulationConfig, token: string): Int32Array | undefined {
  const bar = token.indexOf('|');
  const system = bar >= 0 ? token.slice(0, bar) : undefined;
  const value = bar >= 0 ? token.slice(bar + 1) : token;
  if (value === '') return undefined;
  // `|value` asks for identifiers without a system, which generated records never carry.
  const owner = system === '' ? undefined : identifierOwner(system, value);
  if (!owner) return new Int32Array(0);
  if ('patient' in owner) return patientsOf(config, owner.patient, false);
  const household = planHouseholds(config)[owner.household];
  return Int32Array.from(household?.members.map((m) => m.patientIndex) ?? []);
}

/** No patient: a value no record can hold. */
const NONE = -1;

/**
 * The patient whose record holds a reference's target (its id carries the index), NONE when no record can hold it,
 * or undefined when the target may be outside the records (the directory's), which no arithmetic narrows.
 */
function referenceTarget(value: string, modifier: string | undefined, targets: readonly string[]): number | undefined {
  const parts = value.replace(/\/_history\/[^/]*$/, '').split('/');
  const id = parts[parts.length - 1];
  const named = parts.length >= 2 ? parts[parts.length - 2] : modifier;
  const types = named ? [named] : targets;
  for (const t of types) {
    const found = RECORD_TYPES.has(t) ? patientIndexOfId(t, id) : undefined;
    if (found !== undefined) return found;
  }
  return types.length && types.every((t) => RECORD_TYPES.has(t)) ? NONE : undefined;
}

/**
 * The patient alone (an `_id`: only its own record holds it) or its whole household (a reference: members' records
 * refer to each other, as a dependent's Coverage to its subscriber); none when the index is outside the population.
 */
function patientsOf(config: PopulationConfig, patientIndex: number, household: boolean): Int32Array {
  if (patientIndex < 0 || patientIndex >= config.patients) return new Int32Array(0);
  if (!household) return Int32Array.of(patientIndex);
  return Int32Array.from(householdOfPatient(config, patientIndex).household.members.map((m) => m.patientIndex));
}

/** Ascending intersection of two ascending lists. */
export function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      out[n++] = a[i];
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out.subarray(0, n);
}
