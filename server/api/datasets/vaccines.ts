import type { Immunization } from 'fhir/r4';
import { CODE_SYSTEM, IDENTIFIER } from '../../../population/conventions.js';
import { COVID_19_DISEASE, COVID_VACCINE_ALIASES, COVID_VACCINES, MVX_SYSTEM, type CovidVaccineProduct } from '../../../population/data/clinical/covid-vaccines.js';
import { addDays, ageOn, daysBetween, formatDate, parseDate } from '../../../population/dates.js';
import { createRng } from '../../../population/random.js';
import { badParameter } from '../envelope.js';
import { intParam, type Input } from '../params.js';
import type { Dataset, Row } from './types.js';

export interface VaccineOptions {
  /** One product for everyone; each member draws one when absent. */
  product?: CovidVaccineProduct;
  /** Only this dose of the series; the whole primary series when absent. */
  doseNumber?: number;
}

function options(input: Input): VaccineOptions {
  const raw = input.vaccine_type;
  let product: CovidVaccineProduct | undefined;
  if (raw !== undefined && raw !== null && raw !== '') {
    const key = String(raw).trim().toLowerCase().replace(/\s+/g, '-');
    product = COVID_VACCINES.find((v) => v.key === (COVID_VACCINE_ALIASES[key] ?? key) || v.cvx === key);
    if (!product) throw badParameter('vaccine_type', `vaccine_type ${JSON.stringify(raw)} is not one of ${COVID_VACCINES.map((v) => v.key).join(', ')} (or their CVX codes)`, { value: raw });
  }
  // Up to two boosters after the longest primary series (CDC recommended at most two boosters before the 2023 formulas).
  return { product, doseNumber: intParam(input, 'dose_number', 1, 4) };
}

/** Doses of a member: the primary series, or the one dose asked for, dated after the product's EUA and before as-of. */
function doses(product: CovidVaccineProduct, o: VaccineOptions, first: Date): Array<{ dose: number; date: Date }> {
  const numbers = o.doseNumber ? [o.doseNumber] : Array.from({ length: product.primaryDoses }, (_, i) => i + 1);
  // Boosters (past the primary series) are spaced at least 2 months (CDC booster interval), here 180 days.
  return numbers.map((dose) => ({ dose, date: addDays(first, dose <= product.primaryDoses ? (dose - 1) * product.intervalDays : (product.primaryDoses - 1) * product.intervalDays + 180 * (dose - product.primaryDoses)) }));
}

const COLUMNS = ['immunization_id', 'member_id', 'patient_id', 'vaccine_type', 'cvx_code', 'mvx_code', 'vaccine_name', 'dose_number', 'occurrence_date', 'lot_number'];

/** COVID-19 vaccinations (FHIR Immunization, https://hl7.org/fhir/R4/immunization.html) of the members. */
export const VACCINES: Dataset<VaccineOptions> = {
  name: 'vaccines',
  message: 'cdg.v1.Vaccination',
  columns: COLUMNS.map((name) => ({ name, type: name === 'dose_number' ? ('int32' as const) : ('string' as const) })),
  formats: ['fhir', 'json', 'ndjson', 'csv', 'protobuf'],
  clinical: false,
  scanFactor: 2,
  countAliases: ['entries'],
  options,
  records(member, selection, o, limit) {
    const rng = createRng(selection.config.seed, 'api-vaccine', member.patientIndex);
    const product = o.product ?? rng.pick(COVID_VACCINES);
    const asOf = parseDate(selection.config.asOf);
    const span = Math.max(0, daysBetween(parseDate(product.available), asOf) - 2 * 180 - 28);
    const first = addDays(parseDate(product.available), rng.int(0, span));
    if (!member.patient.birthDate || ageOn(parseDate(member.patient.birthDate), first) < product.minAgeYears) return { rows: [], resources: [] };
    const lot = `${product.mvx}${rng.int(100000, 999999)}`;
    const memberId = member.patient.identifier?.find((i) => i.system === IDENTIFIER.memberId)?.value;
    const rows: Row[] = [];
    const resources: Immunization[] = [];
    for (const { dose, date } of doses(product, o, first).slice(0, limit)) {
      const id = `${member.patient.id}-covid-${dose}`;
      resources.push({
        resourceType: 'Immunization',
        id,
        status: 'completed',
        vaccineCode: { coding: [{ system: CODE_SYSTEM.cvx, code: product.cvx, display: product.cvxDisplay }] },
        patient: { reference: `Patient/${member.patient.id}` },
        occurrenceDateTime: formatDate(date),
        primarySource: true,
        manufacturer: { identifier: { system: MVX_SYSTEM, value: product.mvx }, display: product.manufacturer },
        lotNumber: lot,
        protocolApplied: [{ targetDisease: [{ coding: [COVID_19_DISEASE] }], doseNumberPositiveInt: dose, ...(dose <= product.primaryDoses ? { seriesDosesPositiveInt: product.primaryDoses } : {}) }],
      });
      rows.push({ immunization_id: id, member_id: memberId, patient_id: member.patient.id, vaccine_type: product.key, cvx_code: product.cvx, mvx_code: product.mvx, vaccine_name: product.cvxDisplay, dose_number: dose, occurrence_date: formatDate(date), lot_number: lot });
    }
    return { rows, resources, context: [member.patient, ...resources] };
  },
};
