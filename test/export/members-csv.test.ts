import type { Coverage, Organization, Patient } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { IDENTIFIER } from '../../population/conventions.js';
import { csvField, csvRecord } from '../../server/export/csv.js';
import { memberRows } from '../../server/export/members-csv.js';

describe('members.csv', () => {
  it('quotes fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(undefined)).toBe('');
    expect(csvRecord(['a', 1, undefined])).toBe('a,1,\r\n');
  });

  it('renders a header and one row per member with the latest coverage and payer', () => {
    const payer: Organization = { resourceType: 'Organization', id: 'payer-1', name: 'Acme, Inc.', identifier: [{ system: IDENTIFIER.payerId, value: '60054' }] };
    const patient: Patient = {
      resourceType: 'Patient',
      id: 'p1',
      identifier: [{ system: IDENTIFIER.memberId, value: 'M100' }],
      name: [{ family: "O'Brien", given: ['Ann', 'Marie'] }],
      birthDate: '1990-05-06',
      gender: 'female',
      address: [{ line: ['1 Elm St', 'Apt 2'], city: 'Austin', state: 'TX', postalCode: '78701' }],
      telecom: [{ system: 'phone', value: '555-0100' }],
    };
    const coverage = (id: string, start: string, end?: string): Coverage => ({
      resourceType: 'Coverage',
      id,
      status: 'active',
      beneficiary: { reference: 'Patient/p1' },
      payor: [{ reference: 'Organization/payer-1' }],
      subscriberId: 'S1',
      relationship: { coding: [{ code: 'self' }] },
      period: { start, end },
    });
    const resources = [payer, patient, coverage('old', '2023-01-01', '2023-12-31'), coverage('new', '2024-01-01')];
    const payers = new Map<string, Organization>();
    // The directory (payers) comes in a run of its own before the patients, as the generator emits it.
    expect(memberRows([{ type: 'Organization', text: JSON.stringify(payer), count: 1 }], payers)).toEqual({ text: '', members: 0 });
    const blocks = resources.slice(1).map((r) => ({ type: r.resourceType, text: JSON.stringify(r), count: 1 }));
    const rows = memberRows(blocks, payers);
    expect(rows.members).toBe(1);
    const [row, rest] = rows.text.split('\r\n');
    expect(row).toBe("M100,S1,self,O'Brien,Ann Marie,1990-05-06,female,\"1 Elm St, Apt 2\",Austin,TX,78701,555-0100,60054,\"Acme, Inc.\",,,,active,2024-01-01,");
    expect(rest).toBe('');
  });
});
