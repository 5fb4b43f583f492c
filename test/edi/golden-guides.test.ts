import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guideFor } from '../../edi/guides/index.js';
import { validateDocument } from '../../edi/validate-document.js';
import { parseInterchange } from '../../edi/x12/parse.js';

// Every golden transaction set read back against the guide it names: each segment we write is declared in
// that guide (by id, or id*qualifier where the TR3 profiles it apart) and passes the validator that writes our
// 999s (usage, lengths, codes, syntax notes, required segments). TA1 has no ST; its envelope is parsed.
const SETS = ['834', '837P', '837I', '835', '271', '277', '277CA', '999', '999-rejected'];
const read = (name: string) => readFileSync(new URL(`./golden/${name}.x12`, import.meta.url), 'utf8');

describe('goldens against their guides', () => {
  it.each(SETS)('%s: every segment is declared and valid', (name) => {
    const parsed = parseInterchange(read(name));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const sets = parsed.interchange.groups.flatMap((g) => g.transactions.map((tx) => ({ tx, gs08: g.gs.elements[8] ?? '' })));
    expect(sets.length).toBeGreaterThan(0);
    for (const { tx, gs08 } of sets) {
      const guide = guideFor(tx.code, tx.implementation || gs08);
      expect(guide, `${tx.code} ${tx.implementation}`).toBeDefined();
      const undeclared = tx.segments.filter((s) => !guide?.segments[s.id] && !guide?.qualified?.[`${s.id}*${s.elements[1]}`]).map((s) => s.id);
      expect(undeclared).toEqual([]);
    }
    const check = validateDocument(read(name));
    expect(check.sets.flatMap((s) => [...s.errors.map((e) => e.message), ...s.transactionCodes])).toEqual([]);
  });

  it('TA1: a whole interchange with no functional group', () => {
    const parsed = parseInterchange(read('TA1'));
    expect(parsed.ok).toBe(true);
  });
});
