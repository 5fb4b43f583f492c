import type { Claim, ExplanationOfBenefit } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import type { Edi } from '../../edi/gateway.js';
import { goldenEdi, goldenStore } from './helpers.js';

// Pharmacy claims (NCPDP D.0 in reality) stay out of the 837P/837I and the 835 (issue 16).
let store: Store;
let edi: Edi;
const isPharmacy = (r: Claim | ExplanationOfBenefit): boolean => r.type.coding?.[0]?.code === 'pharmacy';

beforeAll(async () => {
  store = await goldenStore();
  edi = goldenEdi(store);
});

describe('pharmacy claims in X12', () => {
  it('the 837P and 837I carry no pharmacy claim, the 835 remits none', async () => {
    const pharmacy = [...store.all<Claim>('Claim')].filter(isPharmacy);
    expect(pharmacy.length).toBeGreaterThan(0);
    const medical = [...store.all<Claim>('Claim')].filter((c) => !isPharmacy(c));
    expect(medical.length).toBeGreaterThan(0);
    const docs = await Promise.all(['837P', '837I', '835'].map((t) => edi.emit(t)));
    const text = docs.map((d) => Buffer.from(d.bytes).toString('latin1')).join('\n');
    const pcn = (c: Claim): string => c.identifier?.[0]?.value ?? '';
    // Medical claims are there (CLM01 / CLP01 echo the patient control number) ...
    expect(medical.some((c) => text.includes(`CLM*${pcn(c)}*`))).toBe(true);
    expect(medical.some((c) => text.includes(`CLP*${pcn(c)}*`))).toBe(true);
    // ... pharmacy ones and their NDCs are not.
    for (const c of pharmacy) {
      expect(text).not.toContain(`CLM*${pcn(c)}*`);
      expect(text).not.toContain(`CLP*${pcn(c)}*`);
      expect(text).not.toContain(c.item?.[0]?.productOrService.coding?.[0]?.code ?? 'none');
    }
  });
});
