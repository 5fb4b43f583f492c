import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GUIDE_ENVELOPE } from '../../edi/guides/envelope.js';
import { GUIDES, guideFor } from '../../edi/guides/index.js';
import type { LoopRule, TransactionGuide } from '../../edi/guides/types.js';
import { validateDocument } from '../../edi/validate-document.js';
import { parseInterchange } from '../../edi/x12/parse.js';

// Every golden transaction set read back against the guide it names: each segment we write is declared in
// that guide (by id, or id*qualifier where the TR3 profiles it apart) and passes the validator that writes our
// 999s (usage, lengths, codes, syntax notes, the loop tree: order, max use, loop repeats, required segments).
// The envelopes (GS/GE, TA1) are read against the envelope guide.
const SETS = ['834', '837P', '837I', '837D', '835', '271', '277', '277CA', '999', '999-rejected'];
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
    expect(check.envelopeErrors).toEqual([]);
  });

  it('TA1: a whole interchange with no functional group, its TA1 as the envelope guide has it', () => {
    const parsed = parseInterchange(read('TA1'));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.interchange.ta1s).toHaveLength(1);
    const check = validateDocument(read('TA1'));
    expect(check.envelopeErrors).toEqual([]);
    expect(check.ok).toBe(true);
  });
});

/** Every loop of a tree, depth first, with the loop it sits in. */
function loopsOf(root: LoopRule): Array<{ loop: LoopRule; parent?: LoopRule }> {
  const out: Array<{ loop: LoopRule; parent?: LoopRule }> = [{ loop: root }];
  for (let i = 0; i < out.length; i++) for (const c of out[i].loop.children) if (c.kind === 'loop') out.push({ loop: c, parent: out[i].loop });
  return out;
}

describe.each(Object.entries(GUIDES))('%s loop tree', (_key, guide: TransactionGuide) => {
  const loops = loopsOf(guide.loops);

  it('runs ST to SE: the root is the set, ST first and SE last, both required once', () => {
    const kids = guide.loops.children;
    expect(guide.loops.id).toBe('ST');
    expect([kids[0], kids[kids.length - 1]].map((c) => c.kind === 'segment' && `${c.id}:${c.usage}:${c.max}`)).toEqual(['ST:R:1', 'SE:R:1']);
  });

  it('gives every loop a trigger: a first segment, required once, and a usage and repeat of at least 1', () => {
    for (const { loop } of loops.slice(1)) {
      const first = loop.children[0];
      expect(first?.kind, loop.id).toBe('segment');
      if (first?.kind === 'segment') expect(`${first.usage}:${first.max}`, `${loop.id} trigger`).toBe('R:1');
      expect(loop.repeat, loop.id).toBeGreaterThanOrEqual(1);
      expect(['R', 'S'], loop.id).toContain(loop.usage);
    }
  });

  it('names only segments the guide has element rules for, each with a max use of at least 1', () => {
    const missing: string[] = [];
    for (const { loop } of loops) {
      for (const c of loop.children) {
        if (c.kind !== 'segment') continue;
        if (!guide.segments[c.id]) missing.push(`${loop.id}/${c.id}`);
        expect(c.max, `${loop.id}/${c.id}`).toBeGreaterThanOrEqual(1);
      }
    }
    expect(missing).toEqual([]);
  });

  it('selects segment uses by codes their element rules allow (a qualifier the guide would refuse could never match)', () => {
    const refused: string[] = [];
    for (const { loop } of loops) {
      for (const c of loop.children) {
        if (c.kind !== 'segment' || !c.q) continue;
        const first = guide.segments[c.id]?.elements[c.id === 'HL' ? 2 : 0];
        const codes = first?.components ? first.components[0].codes : first?.codes;
        for (const q of c.q) if (codes && !codes.includes(q)) refused.push(`${loop.id}/${c.id}*${q}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('can tell sibling loops apart by their triggers (no two siblings open on the same segment and qualifier)', () => {
    for (const { loop } of loops) {
      const triggers = loop.children.flatMap((c) => (c.kind === 'loop' && c.children[0].kind === 'segment' ? (c.children[0].q ?? ['*']).map((q) => `${c.children[0].id}*${q}`) : []));
      expect(triggers.filter((t, i) => triggers.indexOf(t) !== i), loop.id).toEqual([]);
    }
  });
});

describe('envelope guide', () => {
  it('has the ISA as 16 fixed-length elements adding up to 106 characters, each invalid value with its TA1 note code', () => {
    const isa = GUIDE_ENVELOPE.segments.ISA.elements;
    expect(isa).toHaveLength(16);
    for (const e of isa) expect(e.min, e.ref).toBe(e.max);
    // 'ISA', 16 separators and the segment terminator.
    expect(3 + 16 + isa.reduce((n, e) => n + e.max, 0) + 1).toBe(106);
    expect(isa.every((e) => /^\d{3}$/.test(e.note ?? ''))).toBe(true);
  });
});
