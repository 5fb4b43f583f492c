/**
 * Which specialty sees what (NUCC taxonomy codes of data/provider-taxonomy.ts). Procedures go to the specialty
 * that performs them; some visits go to a specialist instead of the member's primary care practitioner.
 */

/** NUCC taxonomies of the network's specialists, by name. */
export const SPECIALTY = {
  cardiology: '207RC0000X',
  endocrinology: '207RE0101X',
  gastroenterology: '207RG0100X',
  obstetricsGynecology: '207V00000X',
  orthopedics: '207X00000X',
  dermatology: '207N00000X',
  psychiatry: '2084P0800X',
  generalSurgery: '208600000X',
} as const;

/**
 * Performer of each procedure (key of data/clinical/procedures.ts), by the specialty whose NUCC definition covers
 * it: colonoscopy (lower GI endoscopy) by gastroenterology, appendectomy by general surgery.
 */
export const PROCEDURE_PERFORMER: Readonly<Record<string, string>> = {
  colonoscopy: SPECIALTY.gastroenterology,
  appendectomy: SPECIALTY.generalSurgery,
};

/**
 * Share of visits referred to a specialist instead of primary care. Assumptions, not sourced statistics: chosen so
 * each listed specialty sees part of the conditions it treats; the chronic follow-ups of diabetes, hypertension
 * and hyperlipidemia keep their own table (data/clinical/utilization.ts SPECIALIST_FOLLOWUP).
 */
export const REFERRALS = {
  /** Chronic condition key -> specialist for its follow-ups. */
  followup: { depression: { taxonomy: SPECIALTY.psychiatry, share: 0.3 } } as Readonly<Record<string, { taxonomy: string; share: number }>>,
  /** Acute office problem key (data/clinical/acute-conditions.ts) -> specialist. */
  acute: {
    'ankle-sprain': { taxonomy: SPECIALTY.orthopedics, share: 0.2 },
    'low-back-pain': { taxonomy: SPECIALTY.orthopedics, share: 0.1 },
    cellulitis: { taxonomy: SPECIALTY.dermatology, share: 0.15 },
  } as Readonly<Record<string, { taxonomy: string; share: number }>>,
  /** Well-woman preventive visits of women of this age and older seen by obstetrics & gynecology. */
  wellWoman: { taxonomy: SPECIALTY.obstetricsGynecology, minAge: 21, share: 0.3 },
} as const;
