/**
 * COVID-19 vaccine products by manufacturer, for POST /api/v1/vaccines (vaccine_type).
 * CVX (vaccine administered) and MVX (manufacturer) codes: CDC IIS code sets, CVX table and MVX table
 * (https://www.cdc.gov/iis/code-sets/, "COVID-19 Vaccine Related Codes"); these are the products of the
 * original 2020-2022 authorizations (the first codes each manufacturer got; CDC lists them as inactive for new
 * administrations since the 2023-2024 formulas, still valid to record historical doses).
 * Primary series and intervals: CDC "Interim Clinical Considerations for Use of COVID-19 Vaccines" (2021-2022):
 * Pfizer-BioNTech 2 doses 21 days apart, Moderna 2 doses 28 days apart, Janssen 1 dose, Novavax 2 doses 21 days apart.
 * First available and youngest age: the FDA Emergency Use Authorizations (Pfizer-BioNTech 16+, the others 18+).
 */
export interface CovidVaccineProduct {
  key: string;
  cvx: string;
  cvxDisplay: string;
  mvx: string;
  manufacturer: string;
  primaryDoses: number;
  intervalDays: number;
  /** FDA EUA date (YYYY-MM-DD): no dose is dated before it. */
  available: string;
  /** Youngest age in years the original EUA covered. */
  minAgeYears: number;
}

export const COVID_VACCINES: readonly CovidVaccineProduct[] = [
  { key: 'pfizer', cvx: '208', cvxDisplay: 'COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose', mvx: 'PFR', manufacturer: 'Pfizer, Inc', primaryDoses: 2, intervalDays: 21, available: '2020-12-11', minAgeYears: 16 },
  { key: 'moderna', cvx: '207', cvxDisplay: 'COVID-19, mRNA, LNP-S, PF, 100 mcg/0.5mL dose or 50 mcg/0.25mL dose', mvx: 'MOD', manufacturer: 'Moderna US, Inc.', primaryDoses: 2, intervalDays: 28, available: '2020-12-18', minAgeYears: 18 },
  { key: 'janssen', cvx: '212', cvxDisplay: 'COVID-19 vaccine, vector-nr, rS-Ad26, PF, 0.5 mL', mvx: 'JSN', manufacturer: 'Janssen', primaryDoses: 1, intervalDays: 0, available: '2021-02-27', minAgeYears: 18 },
  { key: 'novavax', cvx: '211', cvxDisplay: 'COVID-19, subunit, rS-nanoparticle+Matrix-M1 Adjuvant, PF, 0.5 mL', mvx: 'NVX', manufacturer: 'Novavax, Inc.', primaryDoses: 2, intervalDays: 21, available: '2022-07-13', minAgeYears: 18 },
];

/** Other names callers use for the products ("Johnson & Johnson" is Janssen's parent). */
export const COVID_VACCINE_ALIASES: Readonly<Record<string, string>> = {
  'pfizer-biontech': 'pfizer', biontech: 'pfizer', comirnaty: 'pfizer', spikevax: 'moderna', jnj: 'janssen', 'johnson-johnson': 'janssen', 'j&j': 'janssen',
};

/** HL7 Table 0227 (MVX) as a FHIR system, as US Core Immunization examples name it. */
export const MVX_SYSTEM = 'urn:oid:2.16.840.1.113883.12.227';
/** SNOMED CT 840539006 |Disease caused by severe acute respiratory syndrome coronavirus 2 (disorder)|. */
export const COVID_19_DISEASE = { system: 'http://snomed.info/sct', code: '840539006', display: 'Disease caused by severe acute respiratory syndrome coronavirus 2 (disorder)' };
