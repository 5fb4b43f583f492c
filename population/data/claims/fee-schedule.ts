/**
 * Fee schedule: reference (Medicare-like) allowed amounts in USD per unit, rounded (to the dollar above $20) from
 * - CMS Physician Fee Schedule CY2025 national amounts (conversion factor 32.3465; facility rate where the service
 *   is done in a facility, non-facility otherwise) for CPT/HCPCS professional services,
 * - CMS Clinical Laboratory Fee Schedule 2025 national limits for labs,
 * - CDC Vaccine Price List (private sector, 2025) for vaccine products,
 * - CMS OPPS CY2025 APC payment rates for hospital outpatient facility lines and an IPPS-derived per-diem for
 *   inpatient room and board (average IPPS payment / mean length of stay).
 * Keys: `<code>` for professional lines, `rev:<revenue>` or `rev:<revenue>:<code>` for facility lines.
 */
export const FEE_SCHEDULE: Readonly<Record<string, number>> = {
  // Office / outpatient E/M (PFS non-facility).
  '99203': 107, '99204': 160, '99212': 55, '99213': 88, '99214': 125, '99215': 176,
  // Preventive medicine visits, established patient, by age (PFS non-facility).
  '99391': 107, '99392': 115, '99393': 114, '99394': 124, '99395': 126, '99396': 136, '99397': 149,
  // ED physician (PFS facility).
  '99283': 70, '99284': 118, '99285': 173,
  // Hospital inpatient initial / discharge (PFS facility).
  '99223': 204, '99238': 74,
  // Labs (CLFS 2025).
  '85025': 7.77, '80048': 8.46, '80061': 13.39, '83036': 9.71, '36415': 3, '87880': 16.53, '87804': 16.55, '81003': 2.25,
  // Diagnostics, professional component (PFS).
  '93010': 8.5, '71046': 11, '73610': 10,
  // Procedures (PFS facility).
  'G0121': 240, '44970': 650,
  // Vaccine administration (PFS) and vaccine products (CDC price list, private sector).
  '90471': 17, '90472': 9,
  '90744': 28, '90680': 95, '90700': 30, '90647': 30, '90670': 240, '90713': 35, '90707': 90, '90716': 160,
  '90633': 40, '90715': 45, '90651': 290, '90734': 140, '90714': 35, '90750': 200, '90677': 250, '90686': 20,
  // Hospital outpatient facility lines (OPPS APC rates): ED levels 3-5, EKG, imaging, GI endoscopy, OR.
  'rev:0450:99283': 260, 'rev:0450:99284': 450, 'rev:0450:99285': 650,
  'rev:0730:93005': 60, 'rev:0320:71046': 90, 'rev:0320:73610': 90, 'rev:0750:G0121': 900,
  'rev:0300:85025': 7.77, 'rev:0300:80048': 8.46, 'rev:0300:80061': 13.39, 'rev:0300:83036': 9.71,
  'rev:0300:87880': 16.53, 'rev:0300:81003': 2.25,
  // Inpatient per-diem style lines.
  'rev:0120': 2000, 'rev:0250': 150, 'rev:0360:44970': 3500,
};

/**
 * Billed charge = reference amount x multiplier. MedPAC and AHA report hospital charge-to-cost ratios near 3-4x
 * and physician billed charges around 2-3x Medicare (Health Care Cost Institute); rounded to whole dollars.
 */
export const CHARGE_MULTIPLIER = { professional: 2.2, institutional: 3.5 } as const;

/**
 * What a payer allows relative to the reference amount, by plan type: RAND 2024 (private plans pay ~ 1.4x Medicare
 * for physician services, ~ 2.5x for hospital services); Medicare Advantage ~ 1.0x; Medicaid ~ 0.72x of Medicare
 * for physician services (KFF Medicaid-to-Medicare fee index 2019) and ~ 0.9x for hospitals (MACPAC).
 */
export const PAYER_ALLOWED_MULTIPLIER: Readonly<Record<string, { professional: number; institutional: number }>> = {
  PPO: { professional: 1.45, institutional: 2.4 },
  HMO: { professional: 1.3, institutional: 2.1 },
  EPO: { professional: 1.35, institutional: 2.2 },
  HDHP: { professional: 1.4, institutional: 2.3 },
  MEDICARE_ADV: { professional: 1, institutional: 1 },
  MEDICAID: { professional: 0.72, institutional: 0.9 },
  default: { professional: 1.4, institutional: 2.3 },
};

/** Allowed / billed ratio used for codes missing from the fee schedule (HCCI: commercial allowed ~ 45% of charges). */
export const UNLISTED_CODE_ALLOWED_RATIO = 0.45;

/** Billed charge in USD for a code missing from the fee schedule (assumption: a mid-level office service). */
export const UNLISTED_CODE_CHARGE = 220;
