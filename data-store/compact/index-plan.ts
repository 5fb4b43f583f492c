import { compileExpression, type Extractor } from '../search/compile-expression.js';
import { expressionForBase, findSearchParameter } from '../../fhir-profiles/search-parameters.js';

/** The two passes over the population: people (Patient + Coverage, fast) and records (every other resource). */
export type IndexPass = 'people' | 'records';
/** How a parameter's values are kept: hashed token codes, sorted normalised strings, or one day per patient. */
export type IndexKind = 'token' | 'string' | 'date';

export interface IndexedParam {
  resourceType: string;
  code: string;
  kind: IndexKind;
  pass: IndexPass;
  /** The R4 definition's expression for this type (compiled by extractorOf, in the workers only). */
  expression: string;
}

/**
 * What the people pass indexes: the demographic searches of issue 13 (identifier, name, birthdate) plus gender,
 * and the member id on Coverage. https://hl7.org/fhir/R4/patient.html#search, https://hl7.org/fhir/R4/coverage.html#search
 */
const PEOPLE_PARAMS: Record<string, string[]> = {
  Patient: ['identifier', 'name', 'family', 'given', 'birthdate', 'gender'],
  Coverage: ['identifier'],
};

/** What the records pass indexes on every other type, when the type's R4 definition has it as a token. */
const RECORD_PARAMS = ['code', 'vaccine-code', 'identifier'];

const KINDS = new Set<string>(['token', 'string', 'date']);

const plans = new Map<string, Map<string, IndexedParam>>();

function planFor(resourceType: string): Map<string, IndexedParam> {
  const people = PEOPLE_PARAMS[resourceType];
  const pass: IndexPass = people ? 'people' : 'records';
  const out = new Map<string, IndexedParam>();
  for (const code of people ?? RECORD_PARAMS) {
    const sp = findSearchParameter(resourceType, code);
    const expression = sp && expressionForBase(sp, resourceType);
    if (!sp || !expression || !KINDS.has(sp.type)) continue;
    if (!people && sp.type !== 'token') continue;
    out.set(code, { resourceType, code, kind: sp.type as IndexKind, pass, expression });
  }
  return out;
}

/** The parameters indexed on a resource type (empty for a type with none), keyed by code. */
export function indexedParams(resourceType: string): Map<string, IndexedParam> {
  let plan = plans.get(resourceType);
  if (!plan) plans.set(resourceType, (plan = planFor(resourceType)));
  return plan;
}

/** The parameter's values of a resource, extracted exactly as the search engine extracts them (compiled on first use). */
export function extractorOf(p: IndexedParam): Extractor {
  return compileExpression(p.expression).extract;
}

/** The pass a resource type's parameters belong to. */
export function passOf(resourceType: string): IndexPass {
  return PEOPLE_PARAMS[resourceType] ? 'people' : 'records';
}

/**
 * 32-bit FNV-1a over UTF-16 code units with a final avalanche: the key of one token value of one parameter.
 * Collisions only merge two keys' postings (callers filter every candidate exactly).
 */
export function tokenKeyHash(resourceType: string, code: string, value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < resourceType.length; i++) h = Math.imul(h ^ resourceType.charCodeAt(i), 0x01000193);
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 0x01000193);
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
