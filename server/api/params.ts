/**
 * The common /api/v1 parameters (issue #14), read from the query string or a JSON body alike: record_count,
 * output_format, include_metadata, seed, compress, async and the member filters. Every bad value is a 400
 * naming the parameter.
 */
import { CHRONIC_CONDITIONS } from '../../population/data/clinical/chronic-conditions.js';
import { stateByCode } from '../../population/data/us-states.js';
import { OMB_ETHNICITY, OMB_RACE, OTHER_RACE } from '../../population/data/race-ethnicity.js';
import { badParameter } from './envelope.js';

export type Input = Record<string, unknown>;

export interface MemberFilters {
  gender?: string;
  /** OMB race codes any of which the member reports (alone or in combination). */
  raceCodes?: string[];
  ethnicityCode?: string;
  /** ICD-10-CM and SNOMED CT codes of which the member has at least one active Condition. */
  conditionCodes?: string[];
}

export interface GenerationParams {
  recordCount: number;
  outputFormat: string;
  includeMetadata: boolean;
  seed: string;
  compress: boolean;
  async: boolean;
  population: { state?: string; minAge?: number; maxAge?: number; includeAddress: boolean };
  filters: MemberFilters;
}

export interface ParamContext {
  maxRecords: number;
  defaultSeed: string;
  formats: readonly string[];
  /** Other names of record_count this route accepts (members_num, claim_count, entries). */
  countAliases?: readonly string[];
}

/** The default record_count, within MAX_RECORDS_PER_REQUEST. */
export const DEFAULT_RECORD_COUNT = 10_000;

const text = (input: Input, name: string): string | undefined => {
  const v = input[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v).trim();
  throw badParameter(name, `${name} must be a single value`);
};

export function intParam(input: Input, name: string, min: number, max: number): number | undefined {
  const raw = text(input, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw badParameter(name, `${name} must be a whole number from ${min} to ${max}`, { value: raw });
  return Number(raw);
}

export function boolParam(input: Input, name: string, fallback: boolean): boolean {
  const raw = text(input, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw badParameter(name, `${name} must be true or false`, { value: raw });
}

/** A list given as a JSON array or a comma-separated string. */
export function listParam(input: Input, name: string): string[] | undefined {
  const v = input[name];
  if (v === undefined || v === null || v === '') return undefined;
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : undefined;
  if (!items || !items.every((i) => typeof i === 'string' || typeof i === 'number')) throw badParameter(name, `${name} must be a list of strings`);
  return items.map((i) => String(i).trim()).filter((i) => i.length > 0);
}

function recordCount(input: Input, ctx: ParamContext): number {
  const given = [...(ctx.countAliases ?? []), 'record_count'].map((name) => ({ name, value: intParam(input, name, 1, ctx.maxRecords) })).filter((g) => g.value !== undefined);
  if (new Set(given.map((g) => g.value)).size > 1) throw badParameter(given[0]!.name, `${given.map((g) => g.name).join(' and ')} disagree`);
  return given[0]?.value ?? Math.min(DEFAULT_RECORD_COUNT, ctx.maxRecords);
}

function ageRange(input: Input): { minAge?: number; maxAge?: number } {
  const raw = text(input, 'age_range');
  if (raw === undefined) return {};
  const m = /^(\d{1,3})?\s*-\s*(\d{1,3})?$/.exec(raw);
  const minAge = m?.[1] === undefined ? 0 : Number(m[1]);
  const maxAge = m?.[2] === undefined ? 110 : Number(m[2]);
  if (!m || minAge > maxAge || maxAge > 110) throw badParameter('age_range', 'age_range must be MIN-MAX in years, 0-110 (e.g. 18-64)', { value: raw });
  return { minAge, maxAge };
}

const RACES: Record<string, string> = { ...Object.fromEntries(Object.entries(OMB_RACE).map(([k, v]) => [k, v.code])), other: OTHER_RACE.code };
const ETHNICITIES: Record<string, string> = { hispanic: OMB_ETHNICITY.hispanic.code, 'not-hispanic': OMB_ETHNICITY.notHispanic.code };
const codeOrKey = (table: Record<string, string>, name: string, value: string): string => {
  const code = table[value.toLowerCase()] ?? Object.values(table).find((c) => c === value);
  if (!code) throw badParameter(name, `${name} ${JSON.stringify(value)} is not one of ${Object.keys(table).join(', ')} (or their OMB codes)`, { value });
  return code;
};

/** Condition keys of the clinical tables ("diabetes" covers both types), or ICD-10-CM codes they use. */
function conditionCodes(names: string[]): string[] {
  const codes: string[] = [];
  for (const name of names) {
    const rows = CHRONIC_CONDITIONS.filter((c) => c.key === name.toLowerCase() || c.key.startsWith(`${name.toLowerCase()}-`) || c.icd10 === name.toUpperCase());
    if (rows.length === 0) throw badParameter('conditions', `unknown condition ${JSON.stringify(name)}; known: ${CHRONIC_CONDITIONS.map((c) => c.key).join(', ')}, diabetes, or their ICD-10-CM codes`, { value: name });
    for (const r of rows) codes.push(r.icd10, r.snomed);
  }
  return codes;
}

function filters(input: Input): MemberFilters {
  const gender = text(input, 'gender')?.toLowerCase();
  if (gender !== undefined && !['male', 'female', 'other', 'unknown'].includes(gender)) throw badParameter('gender', 'gender must be male, female, other or unknown (FHIR AdministrativeGender)', { value: gender });
  const race = listParam(input, 'race_filter');
  const ethnicity = text(input, 'ethnicity_filter');
  const conditions = listParam(input, 'conditions');
  return {
    gender,
    raceCodes: race?.map((r) => codeOrKey(RACES, 'race_filter', r)),
    ethnicityCode: ethnicity === undefined ? undefined : codeOrKey(ETHNICITIES, 'ethnicity_filter', ethnicity),
    conditionCodes: conditions && conditions.length > 0 ? conditionCodes(conditions) : undefined,
  };
}

/** Reads and checks the common parameters. */
export function parseGenerationParams(input: Input, ctx: ParamContext): GenerationParams {
  const outputFormat = (text(input, 'output_format') ?? ctx.formats[0]!).toLowerCase();
  if (!ctx.formats.includes(outputFormat)) throw badParameter('output_format', `output_format must be one of ${ctx.formats.join(', ')} here`, { value: outputFormat });
  const state = text(input, 'state')?.toUpperCase();
  if (state !== undefined && !stateByCode(state)) throw badParameter('state', 'state must be a two-letter USPS code of a US state', { value: state });
  const compress = text(input, 'compress');
  if (compress !== undefined && compress !== 'gzip') throw badParameter('compress', 'compress must be gzip', { value: compress });
  return {
    recordCount: recordCount(input, ctx),
    outputFormat,
    includeMetadata: boolParam(input, 'include_metadata', false),
    seed: text(input, 'seed') ?? ctx.defaultSeed,
    compress: compress === 'gzip',
    async: boolParam(input, 'async', false),
    population: { state, ...ageRange(input), includeAddress: boolParam(input, 'include_address', true) },
    filters: filters(input),
  };
}
