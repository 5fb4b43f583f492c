import type { Condition, Coverage, Group, GroupCharacteristic, Organization, Patient, Resource } from 'fhir/r4';
import { CODE_SYSTEM } from './conventions.js';
import { AGE_COHORTS, CHARACTERISTIC, CONDITION_COHORTS, type AgeCohort } from './data/cohorts.js';
import { ageOn, parseDate } from './dates.js';
import type { Directory } from './model.js';
import type { TypeBlock } from './serialize-chunk.js';

/** Group id of a cohort, e.g. grp-diabetes, grp-payer-summit. */
export function cohortGroupId(key: string): string {
  return `grp-${key}`;
}

/** The types a cohort is decided from; other resources are not looked at. */
const COHORT_TYPES = new Set(['Patient', 'Coverage', 'Condition']);

/** Collects cohort membership patient by patient and builds the Groups once every patient has been added. */
export interface CohortCollector {
  /** One or more whole patient records, in patient order. */
  add(resources: Iterable<Resource>): void;
  /** The same, from serialized blocks (the export path): only Patient, Coverage and Condition lines are parsed. */
  addBlocks(blocks: readonly TypeBlock[]): void;
  /** The cohort Groups, in a fixed order: conditions, ages, dependants, then one per payer of the directory. */
  groups(): Group[];
}

const patientOf = (reference: string | undefined): string | undefined => (reference?.startsWith('Patient/') ? reference.slice(8) : undefined);

function inForce(coverage: Coverage, asOf: string): boolean {
  const { start, end } = coverage.period ?? {};
  return coverage.status === 'active' && (start === undefined || start <= asOf) && (end === undefined || end >= asOf);
}

function inAgeRange(cohort: AgeCohort, years: number): boolean {
  return (cohort.minYears === undefined || years >= cohort.minYears) && (cohort.maxYears === undefined || years <= cohort.maxYears);
}

function ageValue(cohort: AgeCohort): GroupCharacteristic['valueRange'] {
  const years = (value: number) => ({ value, unit: 'a', system: CODE_SYSTEM.ucum, code: 'a' });
  return { ...(cohort.minYears !== undefined ? { low: years(cohort.minYears) } : {}), ...(cohort.maxYears !== undefined ? { high: years(cohort.maxYears) } : {}) };
}

function group(id: string, name: string, characteristic: GroupCharacteristic[], members: Set<string>): Group {
  return {
    resourceType: 'Group',
    id,
    active: true,
    type: 'person',
    actual: true,
    name,
    quantity: members.size,
    characteristic,
    ...(members.size > 0 ? { member: [...members].map((patient) => ({ entity: { reference: `Patient/${patient}` } })) } : {}),
  };
}

/**
 * Cohort Groups of the population (https://hl7.org/fhir/R4/group.html): a pure function of the patient records,
 * so the same seed gives the same Groups. Members: active Conditions in the diagnosis cohorts (data/cohorts.ts),
 * age on the as-of date, dependants (a coverage in force whose relationship is not `self`) and, per payer, every
 * member with a coverage from it in force on the as-of date. Members are listed in patient order.
 */
export function createCohortCollector(directory: Directory, asOfDate: string): CohortCollector {
  const asOf = parseDate(asOfDate);
  const byCondition = new Map(CONDITION_COHORTS.map((c) => [c.key, new Set<string>()]));
  const byAge = new Map(AGE_COHORTS.map((c) => [c.key, new Set<string>()]));
  const dependants = new Set<string>();
  const byPayer = new Map(directory.payers.map((p) => [`Organization/${p.id ?? ''}`, new Set<string>()]));

  const addOne = (r: Resource): void => {
    if (r.resourceType === 'Patient') {
      const p = r as Patient;
      if (!p.birthDate || !p.id) return;
      const years = ageOn(parseDate(p.birthDate), asOf);
      for (const cohort of AGE_COHORTS) if (inAgeRange(cohort, years)) byAge.get(cohort.key)!.add(p.id);
    } else if (r.resourceType === 'Condition') {
      const c = r as Condition;
      const patient = patientOf(c.subject?.reference);
      if (!patient || !c.clinicalStatus?.coding?.some((x) => x.code === 'active')) return;
      const codes = (c.code?.coding ?? []).filter((x) => x.system === CODE_SYSTEM.icd10cm).map((x) => x.code ?? '');
      for (const cohort of CONDITION_COHORTS) {
        if (codes.some((code) => cohort.icd10Prefixes.some((prefix) => code.startsWith(prefix)))) byCondition.get(cohort.key)!.add(patient);
      }
    } else if (r.resourceType === 'Coverage') {
      const c = r as Coverage;
      const patient = patientOf(c.beneficiary?.reference);
      if (!patient || !inForce(c, asOfDate)) return;
      if (c.relationship?.coding?.some((x) => x.system === CODE_SYSTEM.subscriberRelationship && x.code !== 'self')) dependants.add(patient);
      for (const payer of c.payor ?? []) byPayer.get(payer.reference ?? '')?.add(patient);
    }
  };

  return {
    add(resources) {
      for (const r of resources) addOne(r);
    },
    addBlocks(blocks) {
      for (const block of blocks) {
        if (!COHORT_TYPES.has(block.type) || block.count === 0) continue;
        for (const line of block.text.split('\n')) addOne(JSON.parse(line) as Resource);
      }
    },
    groups() {
      const diagnosis = (concept: readonly { system: string; code: string; display: string }[]): GroupCharacteristic[] => [
        { code: { coding: [CHARACTERISTIC.diagnosis] }, valueCodeableConcept: { coding: [...concept] }, exclude: false },
      ];
      return [
        ...CONDITION_COHORTS.map((c) => group(cohortGroupId(c.key), c.name, diagnosis(c.concept), byCondition.get(c.key)!)),
        ...AGE_COHORTS.map((c) =>
          group(cohortGroupId(c.key), c.name, [{ code: { coding: [CHARACTERISTIC.age] }, valueRange: ageValue(c), exclude: false }], byAge.get(c.key)!),
        ),
        group(cohortGroupId('dependants'), 'Dependants (covered under another member\'s policy)', [dependantCharacteristic()], dependants),
        ...directory.payers.map((payer) => payerGroup(payer, byPayer.get(`Organization/${payer.id ?? ''}`)!)),
      ];
    },
  };
}

/** The cohort Groups of a whole generated population (see createCohortCollector). */
export function cohortGroups(directory: Directory, asOf: string, resources: Iterable<Resource>): Group[] {
  const collector = createCohortCollector(directory, asOf);
  collector.add(resources);
  return collector.groups();
}

/** Relationship to the subscriber is not `self` (https://hl7.org/fhir/R4/coverage-definitions.html#Coverage.relationship). */
function dependantCharacteristic(): GroupCharacteristic {
  return {
    code: { text: 'Relationship to subscriber (Coverage.relationship)' },
    valueCodeableConcept: { coding: [{ system: CODE_SYSTEM.subscriberRelationship, code: 'self', display: 'Self' }] },
    exclude: true,
  };
}

function payerGroup(payer: Organization, members: Set<string>): Group {
  const key = (payer.id ?? '').replace(/^org-/, '');
  const characteristic: GroupCharacteristic = { code: { coding: [CHARACTERISTIC.payer] }, valueReference: { reference: `Organization/${payer.id ?? ''}`, display: payer.name }, exclude: false };
  return { ...group(cohortGroupId(key), `Members covered by ${payer.name ?? payer.id ?? ''}`, [characteristic], members), managingEntity: { reference: `Organization/${payer.id ?? ''}` } };
}
