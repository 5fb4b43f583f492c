/**
 * Routine immunization schedule: CDC Child and Adolescent Immunization Schedule (2025) and CDC Adult Immunization
 * Schedule (2025). Due ages in months; a dose due inside the history window is given at the first well visit on or
 * after its due age (catch-up), doses due before the window are assumed given earlier. CVX: CDC IIS CVX table;
 * CPT product codes: CDC "CPT codes mapped to CVX codes" table.
 */
export interface ImmunizationRow {
  cvx: string;
  display: string;
  /** CPT vaccine product code (billed with an administration code). */
  cpt: string;
  /** Due ages in months, one per dose. */
  dueAgesMonths: readonly number[];
  /** Repeats every N months after the last listed dose (e.g. Td/Tdap every 10 years), up to `repeatUntilMonths`. */
  repeatEveryMonths?: number;
  repeatUntilMonths?: number;
}

export const IMMUNIZATION_SCHEDULE: readonly ImmunizationRow[] = [
  { cvx: '08', display: 'Hep B, adolescent or pediatric', cpt: '90744', dueAgesMonths: [0, 1, 6] },
  { cvx: '116', display: 'rotavirus, pentavalent', cpt: '90680', dueAgesMonths: [2, 4, 6] },
  { cvx: '20', display: 'DTaP', cpt: '90700', dueAgesMonths: [2, 4, 6, 15, 48] },
  { cvx: '49', display: 'Hib (PRP-OMP)', cpt: '90647', dueAgesMonths: [2, 4, 12] },
  { cvx: '133', display: 'Pneumococcal conjugate PCV 13', cpt: '90670', dueAgesMonths: [2, 4, 6, 12] },
  { cvx: '10', display: 'IPV', cpt: '90713', dueAgesMonths: [2, 4, 6, 48] },
  { cvx: '03', display: 'MMR', cpt: '90707', dueAgesMonths: [12, 48] },
  { cvx: '21', display: 'varicella', cpt: '90716', dueAgesMonths: [12, 48] },
  { cvx: '83', display: 'Hep A, ped/adol, 2 dose', cpt: '90633', dueAgesMonths: [12, 18] },
  { cvx: '115', display: 'Tdap', cpt: '90715', dueAgesMonths: [132] },
  { cvx: '165', display: 'HPV9', cpt: '90651', dueAgesMonths: [132, 138] },
  { cvx: '136', display: 'Meningococcal MCV4O', cpt: '90734', dueAgesMonths: [132, 192] },
  // Adults: Td or Tdap booster every 10 years (after the adolescent Tdap at 11).
  { cvx: '113', display: 'Td (adult), 5 Lf tetanus toxoid, preservative free, adsorbed', cpt: '90714', dueAgesMonths: [252], repeatEveryMonths: 120, repeatUntilMonths: 1320 },
  // Recombinant zoster vaccine, 2 doses from age 50, 2-6 months apart.
  { cvx: '187', display: 'zoster recombinant', cpt: '90750', dueAgesMonths: [600, 602] },
  // PCV20 once from age 50 (CDC adult schedule 2025, lowered from 65 in October 2024).
  { cvx: '216', display: 'Pneumococcal conjugate PCV20, polysaccharide CRM197, preservative free', cpt: '90677', dueAgesMonths: [600] },
];

/** Seasonal influenza vaccine (yearly from 6 months; uptake in utilization.ts FLU_VACCINE_UPTAKE). */
export const INFLUENZA_VACCINE = {
  cvx: '150',
  display: 'Influenza, injectable, quadrivalent, preservative free',
  cpt: '90686',
  minAgeMonths: 6,
} as const;

/** Vaccine administration CPT codes: first component / each additional (CMS PFS). */
export const VACCINE_ADMIN_CODES = { first: '90471', additional: '90472' } as const;
