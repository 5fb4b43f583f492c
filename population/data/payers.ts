/**
 * The payers of the mock health-plan market. Names are fictitious (no real carrier is implied);
 * payer ids follow the shape clearinghouses use in X12 (5 alphanumerics in NM1*PR NM109 with the
 * PI qualifier; 835 N1*PR; 834 N1*IN).
 */
export interface PayerSpec {
  /** Stable key; PlanBenefits.payerKey and the Organization id suffix. */
  key: string;
  name: string;
  /** X12 payer id, 5 characters. */
  payerId: string;
  address: { line: string; city: string; state: string; zip: string };
  phone: string;
}

export const PAYERS: readonly PayerSpec[] = [
  {
    key: 'evergreen',
    name: 'Evergreen Mutual Health Plan',
    payerId: 'EVG01',
    address: { line: '100 Evergreen Plaza', city: 'Hartford', state: 'CT', zip: '06103' },
    phone: '(860) 555-0100',
  },
  {
    key: 'summit',
    name: 'Summit Health Insurance Company',
    payerId: 'SMT02',
    address: { line: '2500 Summit Avenue', city: 'Minneapolis', state: 'MN', zip: '55401' },
    phone: '(612) 555-0120',
  },
  {
    key: 'lakeshore',
    name: 'Lakeshore Senior Care Medicare Advantage',
    payerId: 'LKS03',
    address: { line: '75 Lakeshore Drive', city: 'Chicago', state: 'IL', zip: '60601' },
    phone: '(312) 555-0140',
  },
  {
    key: 'keystone',
    name: 'Keystone Community Health Plan',
    payerId: 'KCH04',
    address: { line: '400 Market Street', city: 'Harrisburg', state: 'PA', zip: '17101' },
    phone: '(717) 555-0160',
  },
];
