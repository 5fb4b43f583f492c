/**
 * The members a generation request is about: a population generated for the request by population/ (the same
 * deterministic generator the server's own population comes from), with the request's seed, state, age range and
 * address option, scanned in patient-index order for members that pass the filters (gender, race, ethnicity,
 * conditions). The same parameters give the same members. Runs in slices on the calling thread so no request
 * holds the event loop for long, and stops when the job's signal aborts.
 */
import type { Condition, Extension, Patient, Resource } from 'fhir/r4';
import type { PopulationConfig } from '../../population/config.js';
import { directoryResources, generateDirectory } from '../../population/directory.js';
import { generatePatientPeople, generatePatientRecord } from '../../population/generate-patient.js';
import type { Directory } from '../../population/model.js';
import { EXTENSION } from '../../population/conventions.js';
import { timeSlicer } from '../../data-store/time-slicer.js';
import type { GenerationParams, MemberFilters } from './params.js';

/** How many candidates a filtered request may look at per wanted member before it settles for fewer. */
export const SCAN_FACTOR = 20;

export interface SelectedMember {
  patientIndex: number;
  patient: Patient;
  /** Patient, Coverages and (when asked for) the clinical record. */
  resources: Resource[];
}

export interface Selection {
  config: PopulationConfig;
  directory: Directory;
  directoryResources: Resource[];
  members: AsyncIterable<SelectedMember>;
}

const hasFilters = (f: MemberFilters): boolean => Boolean(f.gender || f.raceCodes || f.ethnicityCode || f.conditionCodes);

/** The population config of a request; `patients` is the number of candidates scanned. */
export function requestConfig(params: GenerationParams, base: { asOf: string; historyYears: number }, wanted: number): PopulationConfig {
  const { state, minAge, maxAge, includeAddress } = params.population;
  const patients = hasFilters(params.filters) ? wanted * SCAN_FACTOR : wanted;
  return { seed: params.seed, patients, asOf: base.asOf, historyYears: base.historyYears, state, minAge, maxAge, includeAddress };
}

const ombCodes = (patient: Patient, url: string): string[] =>
  (patient.extension ?? [])
    .filter((e: Extension) => e.url === url)
    .flatMap((e) => e.extension ?? [])
    .filter((e) => e.url === 'ombCategory' || e.url === 'detailed')
    .map((e) => e.valueCoding?.code ?? '');

function activeConditionCodes(resources: Resource[]): Set<string> {
  const codes = new Set<string>();
  for (const r of resources) {
    if (r.resourceType !== 'Condition') continue;
    const c = r as Condition;
    if (c.clinicalStatus?.coding?.some((k) => k.code === 'active')) for (const k of c.code?.coding ?? []) if (k.code) codes.add(k.code);
  }
  return codes;
}

/** Whether a member passes the request's filters. */
export function passes(patient: Patient, resources: Resource[], f: MemberFilters): boolean {
  if (f.gender && patient.gender !== f.gender) return false;
  if (f.raceCodes && !ombCodes(patient, EXTENSION.usCoreRace).some((c) => f.raceCodes!.includes(c))) return false;
  if (f.ethnicityCode && !ombCodes(patient, EXTENSION.usCoreEthnicity).includes(f.ethnicityCode)) return false;
  if (f.conditionCodes) {
    const codes = activeConditionCodes(resources);
    if (!f.conditionCodes.some((c) => codes.has(c))) return false;
  }
  return true;
}

/**
 * The request's members, at most `wanted`, in patient-index order. `clinical` asks for whole patient records
 * (conditions, encounters, claims...); otherwise only Patient and Coverages are generated, unless the
 * conditions filter needs the record.
 */
export function selectMembers(config: PopulationConfig, filters: MemberFilters, wanted: number, clinical: boolean, signal: AbortSignal, onScanned?: (scanned: number, kept: number) => void): Selection {
  const directory = generateDirectory(config);
  const whole = clinical || filters.conditionCodes !== undefined;
  async function* members(): AsyncGenerator<SelectedMember> {
    const slice = timeSlicer();
    let kept = 0;
    for (let i = 0; i < config.patients && kept < wanted; i++) {
      await slice();
      signal.throwIfAborted();
      const resources = whole ? generatePatientRecord(config, directory, i).resources : peopleResources(config, directory, i);
      const patient = resources[0] as Patient;
      if (passes(patient, resources, filters)) {
        kept++;
        yield { patientIndex: i, patient, resources };
      }
      onScanned?.(i + 1, kept);
    }
  }
  return { config, directory, directoryResources: directoryResources(directory), members: members() };
}

function peopleResources(config: PopulationConfig, directory: Directory, i: number): Resource[] {
  const { patient, coverages } = generatePatientPeople(config, directory, i);
  return [patient, ...coverages];
}
