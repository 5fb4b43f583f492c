import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createControlNumbers } from '../../edi/control-numbers.js';
import { GUIDE_834 } from '../../edi/guides/index.js';
import { validateTransaction } from '../../edi/validate.js';
import { DEFAULT_DELIMITERS, delimiterProblems } from '../../edi/x12/delimiters.js';
import { isaSegment, writeInterchange } from '../../edi/x12/envelope.js';
import { amount } from '../../edi/x12/format.js';
import { parseInterchange } from '../../edi/x12/parse.js';
import { sanitize } from '../../edi/x12/sanitize.js';
import { ByteSink } from '../../edi/x12/byte-sink.js';
import { SegmentWriter, TransactionBody, type Element } from '../../edi/x12/writer.js';

const parties = { senderQualifier: 'ZZ', senderId: 'SENDER', receiverQualifier: 'ZZ', receiverId: 'RECEIVER', usage: 'T' as const, ackRequested: false };
const at = new Date('2026-01-01T12:34:00Z');

function sample(d = DEFAULT_DELIMITERS, control = 7): string {
  const w = new SegmentWriter(d);
  const body = new TransactionBody(w).seg('BGN').el('00').el('REF1').el('20260101').el('1200').at(8).el('4').end().seg('N1').el('P5').el('SPONSOR').el('FI').el('123456789').end().seg('N1').el('IN').el('PAYER').el('94').el('EVG01').end();
  return writeInterchange(w, parties, control, at, [
    { functionalId: 'BE', senderCode: 'SENDER', receiverCode: 'RECEIVER', controlNumber: control, version: '005010X220A1', transactions: [{ code: '834', controlNumber: '0001', implementation: '005010X220A1', body }] },
  ]);
}

describe('X12 writer and envelope (X12.5/X12.6)', () => {
  it('writes an ISA of exactly 106 characters for any delimiters', () => {
    for (const d of [DEFAULT_DELIMITERS, { element: '|', component: '>', repetition: '!', segment: '\u0085' }]) {
      expect(isaSegment(d, parties, 123, at)).toHaveLength(106);
    }
  });

  it('computes SE01, GE01 and IEA01 from what they wrap', () => {
    const text = sample();
    const ic = parseInterchange(text);
    expect(ic.ok).toBe(true);
    if (!ic.ok) return;
    const tx = ic.interchange.groups[0].transactions[0];
    expect(tx.se?.elements).toEqual(['SE', String(tx.segments.length), '0001']);
    expect(ic.interchange.groups[0].ge?.elements).toEqual(['GE', '1', '7']);
    expect(text.trim().endsWith('IEA*1*000000007~')).toBe(true);
  });

  it('drops trailing empty elements and components', () => {
    const w = new SegmentWriter(DEFAULT_DELIMITERS);
    expect(w.segment('NM1', ['IL', '1', 'DOE', undefined, '', undefined])).toBe('NM1*IL*1*DOE');
    expect(w.segment('SV1', [['HC', '99213', undefined, ''], '100'])).toBe('SV1*HC:99213*100');
  });

  it('never lets a delimiter into data', () => {
    const w = new SegmentWriter(DEFAULT_DELIMITERS);
    const seg = w.segment('NM1', ['IL', '1', "O'Neil*Smith~Jr:^", 'Zoë']);
    expect(seg.split('*')).toHaveLength(5);
    expect(seg).not.toMatch(/[~:^]/);
    expect(sanitize('Ångström  *Street~\u0001', DEFAULT_DELIMITERS, 12)).toBe('Angstrom Str');
  });

  it('encodes a body segment byte for byte as the string writer does, for any delimiters', () => {
    const odd = { element: '|', component: '>', repetition: '!', segment: '\u0085' };
    const cases: Element[][] = [
      ['IL', '1', 'DOE', undefined, '', undefined],
      [['HC', '99213', undefined, ''], '100', ['', 'X'], [undefined, '']],
      ["O'Neil*Smith~Jr:^", 'Zoë', '  two  spaces ', '~', { repeat: ['30', '', 'A|B', ''] }],
    ];
    for (const d of [DEFAULT_DELIMITERS, odd]) {
      const w = new SegmentWriter(d);
      for (const elements of cases) {
        const body = new TransactionBody(w, '').seg('NM1');
        for (const el of elements) {
          if (el === undefined || typeof el === 'string') body.el(el);
          else if (Array.isArray(el)) body.composite(el as readonly (string | undefined)[]);
          else body.repeats((el as { repeat: readonly string[] }).repeat);
        }
        body.end();
        const sink = new ByteSink();
        body.copyTo(sink);
        expect(sink.toString()).toBe(w.segment('NM1', elements) + d.segment);
      }
    }
  });

  it('writes free text as sanitize would, in place or not', () => {
    const odd = { element: '|', component: '>', repetition: '!', segment: '\u0085' };
    const values = ['DOE', 'MARY ANN', ' LEADING', 'TRAILING ', 'TWO  SPACES', "O'Neil*Smith~Jr:^", 'A|B', 'Zoë', 'LONGER THAN TEN', 'TEN CHARS ', '  ', '', undefined];
    for (const d of [DEFAULT_DELIMITERS, odd]) {
      const w = new SegmentWriter(d);
      for (const v of values) {
        const body = new TransactionBody(w, '').seg('NM1').text(v, 10).el('X').end();
        const sink = new ByteSink();
        body.copyTo(sink);
        expect(sink.toString()).toBe(w.segment('NM1', [v ? sanitize(v, d, 10) : '', 'X']) + d.segment);
      }
    }
  });

  it('writes the next element at an X12 position with at(), counting every kind of element, and refuses one behind', () => {
    const w = new SegmentWriter(DEFAULT_DELIMITERS);
    const text = (body: TransactionBody) => { const sink = new ByteSink(); body.copyTo(sink); return sink.toString(); };
    const sbr = new TransactionBody(w, '').seg('SBR').el('P').el(undefined).text('GROUP', 50).at(9).el('CI').end();
    expect(text(sbr)).toBe('SBR*P**GROUP******CI~');
    const mixed = new TransactionBody(w, '').seg('X').money(1250).int(3).date('2026-01-02').date('bad').money(undefined).at(7).el('Z').end();
    expect(text(mixed)).toBe('X*12.5*3*20260102*bad***Z~');
    expect(() => new TransactionBody(w, '').seg('X').el('A').el('B').at(2)).toThrow(/already written/);
  });

  it('refuses to interleave bodies that share a sink', () => {
    const w = new SegmentWriter(DEFAULT_DELIMITERS);
    const sink = new ByteSink();
    const first = new TransactionBody(w, '\n', sink);
    const second = new TransactionBody(w, '\n', sink);
    second.seg('LX').el('1').end();
    expect(() => first.seg('LX').el('1').end()).toThrow(/one after another/);
  });

  it('rejects unusable delimiter sets', () => {
    expect(delimiterProblems(DEFAULT_DELIMITERS)).toEqual([]);
    expect(delimiterProblems({ element: '*', component: '*', repetition: '^', segment: '~' })).not.toEqual([]);
    expect(delimiterProblems({ element: 'A', component: ':', repetition: '^', segment: '~' })).not.toEqual([]);
  });

  it('formats money without trailing zeros', () => {
    expect([amount(125), amount(12.5), amount(0.05), amount(0), amount(-3.1)]).toEqual(['125', '12.5', '0.05', '0', '-3.1']);
  });
});

describe('tokenizer envelope checks give TA1 note codes', () => {
  const good = sample();
  const cases: Array<[string, string, string]> = [
    ['truncated (no IEA)', good.slice(0, good.indexOf('GE*')), '023'],
    ['ISA too short', good.replace('SENDER         ', 'SENDER'), '024'],
    ['IEA02 differs from ISA13', good.replace('IEA*1*000000007', 'IEA*1*000000008'), '001'],
    ['IEA01 group count wrong', good.replace('IEA*1*', 'IEA*2*'), '021'],
    ['not X12 at all', 'hello world', '024'],
    ['binary garbage', `${good.slice(0, 110)}\u0000\u0001\u0002${good.slice(110)}`, '024'],
    ['bad version', good.replace('*00501*', '*00401*'), '017'],
    ['segment outside a group', good.replace('GS*', 'XX*1~GS*'), '022'],
  ];
  it.each(cases)('%s', (_name, text, code) => {
    const r = parseInterchange(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('reads other delimiters from the ISA and tolerates CR/LF after terminators', () => {
    const d = { element: '|', component: '>', repetition: '!', segment: '\'' };
    const text = sample(d).replace(/'\n/g, "'\r\n");
    const r = parseInterchange(text);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.interchange.delimiters).toEqual(d);
      expect(r.interchange.groups[0].transactions[0].segments[1].elements.slice(0, 3)).toEqual(['BGN', '00', 'REF1']);
    }
  });
});

describe('implementation-guide validator', () => {
  it('codes element and segment errors the way the 999 reports them', () => {
    const text = sample().replace('BGN*00*REF1*20260101*1200****4', 'BGN*00*REF1*20261301*1200****9').replace('N1*IN*PAYER*94*EVG01', 'N1*IN*PAYER*94').replace('N1*P5', 'ZZ9*P5');
    const r = parseInterchange(text);
    if (!r.ok) throw new Error(r.error.message);
    const tx = r.interchange.groups[0].transactions[0];
    const v = validateTransaction(GUIDE_834, tx.segments, r.interchange.delimiters, tx.se);
    expect(v.ok).toBe(false);
    const codes = v.errors.map((e) => `${e.segmentId}@${e.position}:${e.segmentCode}${e.element ? `/${e.element.position}:${e.element.code}` : ''}`);
    expect(codes).toContain('BGN@2:8/3:8'); // invalid date
    expect(codes).toContain('BGN@2:8/8:7'); // invalid code value
    expect(codes).toContain('N1@4:8/4:2'); // N103 without N104 (paired)
    expect(codes).toContain('ZZ9@3:2'); // segment not in this guide
    expect(codes).toContain('N1@5:3'); // required N1*P5 missing
    expect(v.transactionCodes).toContain('5');
  });
});

describe('control numbers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdg-edi-ctl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are unique and increasing, and keep increasing after a restart with the same state file', () => {
    const file = join(dir, 'edi-control-numbers.json');
    const clock = () => new Date('2026-01-01T00:00:00Z');
    const a = createControlNumbers({ file, clock, block: 10 });
    const first = [a.next(), a.next(3), a.next()];
    expect(first[1]).toBe(first[0] + 1);
    expect(first[2]).toBe(first[1] + 3);
    for (let i = 0; i < 25; i++) a.next();
    const last = a.next();
    const b = createControlNumbers({ file, clock, block: 10 });
    expect(b.next()).toBeGreaterThan(last);
  });

  it('without a state file, start above the clock floor', () => {
    const early = createControlNumbers({ clock: () => new Date('2026-01-01T00:00:00Z') }).next();
    const later = createControlNumbers({ clock: () => new Date('2026-01-02T00:00:00Z') }).next();
    expect(later).toBeGreaterThan(early);
    expect(String(later).length).toBeLessThanOrEqual(9);
  });
});
