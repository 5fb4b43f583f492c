import type { PlanBenefits } from '../model.js';

/**
 * Plan benefit designs (the source of Coverage.costToBeneficiary, InsurancePlan costs and 271 EB
 * answers). In-network amounts in USD for plan year 2026; coinsurance is the member share.
 * Sources, per plan's `source`:
 * - KFF Employer Health Benefits Survey 2024 and 2025 (average single deductible about $1,800-
 *   $1,900; average copays about $27 primary care and $45 specialist; average coinsurance about
 *   19-20%; enrollment PPO 47%, HDHP/SO 29%, HMO 13%, POS/EPO 11%).
 * - IRS Rev. Proc. 2025-19: 2026 HDHP minimum deductible $1,700/$3,400, maximum out-of-pocket
 *   $8,500/$17,000.
 * - HHS Notice of Benefit and Payment Parameters 2026 (as amended June 2025): ACA maximum
 *   out-of-pocket $10,600 self / $21,200 family; KFF marketplace silver average deductible ~$5,300.
 * - CMS 2026 Medicare Advantage rate announcement: in-network MOOP limit $9,250.
 * - 42 CFR 447.52-447.56: Medicaid nominal copays (about $4 outpatient; $8 non-emergency ER use),
 *   aggregate cap 5% of family income (stood in for here by a small fixed out-of-pocket maximum).
 */
export type PlanKind = 'employer' | 'marketplace' | 'medicare' | 'medicaid';

export interface PlanSpec extends PlanBenefits {
  kind: PlanKind;
  /** Provider network name (Coverage.network). */
  network: string;
  /** Coverage.type from v3 ActCode (insurance policy kinds). */
  actCode: { code: string; display: string };
  /** Relative enrollment weight among plans of the same kind. */
  enrollmentWeight: number;
  /** Prefix of the group number when the plan is not employer-sponsored. */
  groupPrefix: string;
}

export const PLANS: readonly PlanSpec[] = [
  {
    planId: 'evergreen-choice-ppo',
    name: 'Evergreen Choice PPO',
    payerKey: 'evergreen',
    type: 'PPO',
    kind: 'employer',
    network: 'Evergreen Choice Network',
    actCode: { code: 'PPO', display: 'preferred provider organization policy' },
    enrollmentWeight: 47,
    groupPrefix: 'EVG',
    deductibleIndividual: 1_800,
    deductibleFamily: 3_600,
    outOfPocketMaxIndividual: 5_000,
    outOfPocketMaxFamily: 10_000,
    copayPrimaryCare: 30,
    copaySpecialist: 50,
    copayUrgentCare: 60,
    copayEmergency: 300,
    coinsurance: 0.2,
    source: 'KFF EHBS 2024/2025 PPO averages (deductible ~$1,800, copays ~$27/$45, coinsurance ~20%)',
  },
  {
    planId: 'evergreen-saver-hdhp',
    name: 'Evergreen Saver HSA HDHP',
    payerKey: 'evergreen',
    type: 'HDHP',
    kind: 'employer',
    network: 'Evergreen Choice Network',
    actCode: { code: 'PPO', display: 'preferred provider organization policy' },
    enrollmentWeight: 29,
    groupPrefix: 'EVG',
    deductibleIndividual: 3_300,
    deductibleFamily: 6_600,
    outOfPocketMaxIndividual: 7_000,
    outOfPocketMaxFamily: 14_000,
    // HSA-qualified: no copays before the deductible; coinsurance applies after it.
    copayPrimaryCare: 0,
    copaySpecialist: 0,
    copayUrgentCare: 0,
    copayEmergency: 0,
    coinsurance: 0.2,
    source: 'KFF EHBS 2025 HDHP/SO average single deductible ~$3,300; IRS Rev. Proc. 2025-19 HDHP limits 2026',
  },
  {
    planId: 'summit-care-hmo',
    name: 'Summit Care HMO',
    payerKey: 'summit',
    type: 'HMO',
    kind: 'employer',
    network: 'Summit Care Network',
    actCode: { code: 'HMO', display: 'health maintenance organization policy' },
    enrollmentWeight: 13,
    groupPrefix: 'SMT',
    deductibleIndividual: 500,
    deductibleFamily: 1_000,
    outOfPocketMaxIndividual: 4_000,
    outOfPocketMaxFamily: 8_000,
    copayPrimaryCare: 20,
    copaySpecialist: 40,
    copayUrgentCare: 50,
    copayEmergency: 250,
    coinsurance: 0.1,
    source: 'KFF EHBS 2024/2025 HMO averages (lower deductibles, copays ~$25/$45)',
  },
  {
    planId: 'summit-select-epo',
    name: 'Summit Select EPO',
    payerKey: 'summit',
    type: 'EPO',
    kind: 'employer',
    network: 'Summit Select Network',
    actCode: { code: 'MCPOL', display: 'managed care policy' },
    enrollmentWeight: 11,
    groupPrefix: 'SMT',
    deductibleIndividual: 2_000,
    deductibleFamily: 4_000,
    outOfPocketMaxIndividual: 6_500,
    outOfPocketMaxFamily: 13_000,
    copayPrimaryCare: 25,
    copaySpecialist: 50,
    copayUrgentCare: 75,
    copayEmergency: 350,
    coinsurance: 0.2,
    source: 'KFF EHBS 2024/2025 POS/other plan averages',
  },
  {
    planId: 'summit-marketplace-silver',
    name: 'Summit Marketplace Silver',
    payerKey: 'summit',
    type: 'EPO',
    kind: 'marketplace',
    network: 'Summit Select Network',
    actCode: { code: 'MCPOL', display: 'managed care policy' },
    enrollmentWeight: 1,
    groupPrefix: 'SMT-IND',
    deductibleIndividual: 5_300,
    deductibleFamily: 10_600,
    outOfPocketMaxIndividual: 9_800,
    outOfPocketMaxFamily: 19_600,
    copayPrimaryCare: 40,
    copaySpecialist: 80,
    copayUrgentCare: 75,
    copayEmergency: 500,
    coinsurance: 0.3,
    source: 'KFF marketplace silver average deductible ~$5,300 (2025/2026); HHS NBPP 2026 MOOP $10,600/$21,200',
  },
  {
    planId: 'lakeshore-advantage-hmo',
    name: 'Lakeshore Advantage HMO',
    payerKey: 'lakeshore',
    type: 'MEDICARE_ADV',
    kind: 'medicare',
    network: 'Lakeshore Senior Network',
    actCode: { code: 'HMO', display: 'health maintenance organization policy' },
    enrollmentWeight: 60,
    groupPrefix: 'H1234-001',
    deductibleIndividual: 0,
    deductibleFamily: 0,
    outOfPocketMaxIndividual: 5_300,
    outOfPocketMaxFamily: 5_300,
    copayPrimaryCare: 0,
    copaySpecialist: 35,
    copayUrgentCare: 45,
    copayEmergency: 115,
    coinsurance: 0.2,
    source: 'KFF Medicare Advantage 2025 spotlight (HMO average MOOP ~$5,300, $0 PCP common); CMS 2026 MOOP limit $9,250',
  },
  {
    planId: 'lakeshore-advantage-ppo',
    name: 'Lakeshore Advantage PPO',
    payerKey: 'lakeshore',
    type: 'MEDICARE_ADV',
    kind: 'medicare',
    network: 'Lakeshore Senior Network',
    actCode: { code: 'PPO', display: 'preferred provider organization policy' },
    enrollmentWeight: 40,
    groupPrefix: 'H5678-002',
    deductibleIndividual: 250,
    deductibleFamily: 250,
    outOfPocketMaxIndividual: 6_700,
    outOfPocketMaxFamily: 6_700,
    copayPrimaryCare: 10,
    copaySpecialist: 45,
    copayUrgentCare: 55,
    copayEmergency: 125,
    coinsurance: 0.2,
    source: 'KFF Medicare Advantage 2025 spotlight (PPO average in-network MOOP ~$6,700); CMS 2026 MOOP limit $9,250',
  },
  {
    planId: 'keystone-medicaid-mco',
    name: 'Keystone Medicaid Managed Care',
    payerKey: 'keystone',
    type: 'MEDICAID',
    kind: 'medicaid',
    network: 'Keystone Community Network',
    actCode: { code: 'PUBLICPOL', display: 'public healthcare' },
    enrollmentWeight: 1,
    groupPrefix: 'MCD',
    deductibleIndividual: 0,
    deductibleFamily: 0,
    outOfPocketMaxIndividual: 300,
    outOfPocketMaxFamily: 600,
    copayPrimaryCare: 0,
    copaySpecialist: 4,
    copayUrgentCare: 0,
    copayEmergency: 8,
    coinsurance: 0,
    source: '42 CFR 447.52-447.56 nominal cost sharing (~$4 outpatient, $8 non-emergency ER); OOP cap stands in for 5% of income',
  },
];

const BY_ID = new Map(PLANS.map((p) => [p.planId, p]));

/** The plan with this id (PlanBenefits.planId / InsurancePlan id), or undefined. */
export function planById(planId: string): PlanSpec | undefined {
  return BY_ID.get(planId);
}

/** Plans of one kind, in table order. */
export function plansOfKind(kind: PlanKind): PlanSpec[] {
  return PLANS.filter((p) => p.kind === kind);
}
