/**
 * National Drug Codes of the packages our pharmacies dispense for the chronic MEDICATIONS, and how much one fill holds.
 *
 * Each NDC is the package code as labeled (10 digits in a 4-4-2, 5-3-2 or 5-4-1 configuration, FDA NDC Directory);
 * claims and FHIR carry the 11-digit 5-4-2 normalization (ndc11 in population/clinical/ndc-code.ts). Each package is
 * one of the NDCs RxNorm links to the MEDICATIONS concept (RxNav getNDCs / getNDCProperties: the SCD itself for
 * generics, via its branded SBD for brands); `checked` says where that link was confirmed, `checked: 'single'` marks
 * a code seen in only one public listing (to re-check against RxNav before relying on it).
 *
 * `fill` is one standard 30-day-class fill: quantity in the NCPDP unit (EA tablets/capsules, ML, GM) and its days
 * supply, from the sig in MEDICATIONS (e.g. metformin twice daily: 60 EA for 30 days). Fixed packages set the days:
 * an insulin glargine 10 mL vial is discarded 28 days after opening (Lantus label, section 2.4), a 200-actuation
 * albuterol inhaler at 8 puffs a day lasts 25 days, a 120-actuation fluticasone 44 inhaler at 4 puffs a day 30 days.
 */
export interface NdcRow {
  /** MEDICATIONS key. */
  medication: string;
  /** Package NDC as labeled, hyphenated (10 digits). */
  ndc: string;
  package: string;
  fill: { quantity: number; unit: 'EA' | 'ML' | 'GM'; daysSupply: number };
  checked: 'rxnav' | 'multiple' | 'single';
}

export const NDC_PACKAGES: readonly NdcRow[] = [
  { medication: 'metformin', ndc: '0093-1048-01', package: 'metformin HCl 500 mg tablet, 100 in bottle (Teva)', fill: { quantity: 60, unit: 'EA', daysSupply: 30 }, checked: 'multiple' },
  { medication: 'insulin-glargine', ndc: '0088-2220-33', package: 'Lantus 100 units/mL, 10 mL vial (sanofi-aventis)', fill: { quantity: 10, unit: 'ML', daysSupply: 28 }, checked: 'rxnav' },
  { medication: 'lisinopril', ndc: '0093-1113-10', package: 'lisinopril 10 mg tablet, 1000 in bottle (Teva)', fill: { quantity: 30, unit: 'EA', daysSupply: 30 }, checked: 'rxnav' },
  { medication: 'losartan', ndc: '0006-0952-54', package: 'Cozaar 50 mg tablet, 90 in bottle (Merck)', fill: { quantity: 30, unit: 'EA', daysSupply: 30 }, checked: 'single' },
  { medication: 'amlodipine', ndc: '59762-3719-1', package: 'amlodipine besylate 5 mg tablet, 90 in bottle (Greenstone)', fill: { quantity: 30, unit: 'EA', daysSupply: 30 }, checked: 'multiple' },
  { medication: 'hydrochlorothiazide', ndc: '0143-1272-01', package: 'hydrochlorothiazide 25 mg tablet, 100 in bottle (Hikma)', fill: { quantity: 30, unit: 'EA', daysSupply: 30 }, checked: 'single' },
  { medication: 'atorvastatin', ndc: '67877-512-10', package: 'atorvastatin calcium 20 mg tablet, 1000 in bottle (Ascend)', fill: { quantity: 30, unit: 'EA', daysSupply: 30 }, checked: 'rxnav' },
  { medication: 'albuterol', ndc: '0173-0682-20', package: 'Ventolin HFA 90 mcg/actuation, 18 g canister, 200 actuations (GlaxoSmithKline)', fill: { quantity: 18, unit: 'GM', daysSupply: 25 }, checked: 'multiple' },
  { medication: 'fluticasone', ndc: '0173-0718-20', package: 'Flovent HFA 44 mcg/actuation, 10.6 g canister, 120 actuations (GlaxoSmithKline)', fill: { quantity: 10.6, unit: 'GM', daysSupply: 30 }, checked: 'multiple' },
  { medication: 'sertraline', ndc: '0049-4900-66', package: 'Zoloft 50 mg tablet, 100 in bottle (Pfizer)', fill: { quantity: 30, unit: 'EA', daysSupply: 30 }, checked: 'multiple' },
  { medication: 'fluoxetine', ndc: '0777-3105-02', package: 'Prozac 20 mg capsule (Pulvule), 100 in bottle (Lilly)', fill: { quantity: 30, unit: 'EA', daysSupply: 30 }, checked: 'rxnav' },
];

/**
 * Refill behaviour. A maintenance drug is filled for 90 days (three standard fills at once) with `ninetyDayShare`
 * (assumption: mail-order and 90-day retail programs cover a minority of maintenance fills). Fills follow the
 * therapy's adherence (regimens.ts): an adherent patient's proportion of days covered is drawn in `adherentPdc`, a
 * non-adherent one's in `nonAdherentPdc` (PDC >= 80% is the adherence threshold used by Chowdhury 2013 and the PQA
 * adherence measures); the interval to the next fill is days supply / PDC. The first fill follows the order by
 * 0..`firstFillMaxDays` days (assumption).
 */
export const REFILLS = {
  ninetyDayShare: 0.35,
  adherentPdc: [0.8, 1] as const,
  nonAdherentPdc: [0.35, 0.8] as const,
  firstFillMaxDays: 3,
  source: 'PQA proportion-of-days-covered threshold 80%; 90-day share and first-fill delay: assumptions',
} as const;

/** NDC_PACKAGES by MEDICATIONS key. */
export const NDC_BY_MEDICATION: ReadonlyMap<string, NdcRow> = new Map(NDC_PACKAGES.map((r) => [r.medication, r]));
