// X12 in the browser: split an interchange by its own delimiters (ISA fixes them), show its segments with the
// segment id and each element marked, explain acknowledgment codes, and build a 270 as a provider system would.
import { h } from './dom.js';

/** Delimiters from the ISA (element at 3, repetition ISA11 at 82, component ISA16 at 104, segment at 105). */
export function delimitersOf(text) {
  const t = text.replace(/^\s+/, '');
  if (t.startsWith('ISA') && t.length >= 106) return { element: t[3], repetition: t[82], component: t[104], segment: t[105] };
  return { element: '*', repetition: '^', component: ':', segment: '~' };
}

/** Segments as arrays of elements ([id, e1, e2, ...]). */
export function segmentsOf(text, d = delimitersOf(text)) {
  return text.split(d.segment).map((s) => s.replace(/^[\r\n\s]+|[\r\n]+$/g, '')).filter((s) => s.length > 0).map((s) => s.split(d.element));
}

/** An ordered list, one item per segment: id, then elements (title = reference like NM103), separators dimmed. */
export function renderX12(text, label) {
  const d = delimitersOf(text);
  const segments = segmentsOf(text, d);
  return h('ol', { class: 'x12', 'aria-label': label },
    segments.map(([id, ...elements]) => h('li', {},
      h('span', { class: 'seg' }, id),
      elements.map((value, i) => [
        h('span', { class: 'sep', 'aria-hidden': 'true' }, d.element),
        h('span', { class: value === '' ? 'el empty' : 'el', title: `${id}${String(i + 1).padStart(2, '0')}` }, splitComponents(value, d)),
      ]),
      h('span', { class: 'sep', 'aria-hidden': 'true' }, d.segment))));
}

function splitComponents(value, d) {
  if (!value.includes(d.component)) return value;
  return value.split(d.component).flatMap((c, i) => (i === 0 ? [c] : [h('span', { class: 'sep', 'aria-hidden': 'true' }, d.component), c]));
}

const explainers = {
  TA1: (e, m) => [`Interchange ${e[1]}: ${m('TA104', e[4])}`, e[5] && `note ${e[5]}: ${m('TA105', e[5])}`],
  AK2: (e) => [`Transaction set ${e[1]} (control number ${e[2]}):`],
  IK3: (e, m) => [`Segment ${e[1]} at position ${e[2]}${e[3] ? ` in loop ${e[3]}` : ''}: ${m('IK304', e[4])} (IK304 ${e[4]})`],
  IK4: (e, m) => [`  element ${e[1]}${e[2] ? ` (data element ${e[2]})` : ''}: ${m('IK403', e[3])} (IK403 ${e[3]})${e[4] ? `, value '${e[4]}'` : ''}`],
  CTX: (e) => [`  context: ${e.slice(1).filter(Boolean).join(' ')}`],
  IK5: (e, m) => [`Transaction set: ${m('IK501', e[1])}`, ...e.slice(2).filter(Boolean).map((c) => `  ${m('IK502', c)} (IK5 ${c})`)],
  AK9: (e, m) => [`Functional group: ${m('AK901', e[1])}; ${e[4]} of ${e[2]} transaction sets accepted`, ...e.slice(5).filter(Boolean).map((c) => `  ${m('AK905', c)} (AK9 ${c})`)],
  AAA: (e, m) => [`Request rejected: ${m('AAA03', e[3])} (AAA03 ${e[3]})`],
  CAS: (e, m) => [`Adjustment ${e[1]}-${e[2]}: ${m('CAS01', e[1])}, ${m('CAS02', e[2])} (${e[3]})`],
};

/** Plain-language lines for the TA1, 999, 271 AAA and 835 CAS segments of a document, from the code lists. */
export function explain(text, codes) {
  const meaning = (list, code) => codes[list]?.codes?.[code] ?? `code ${code} (not in our list)`;
  const lines = [];
  for (const [id, ...rest] of segmentsOf(text)) {
    const explainer = explainers[id];
    if (explainer) lines.push(...explainer([id, ...rest], meaning).filter(Boolean));
  }
  return lines;
}

const pad = (value, width) => value.slice(0, width).padEnd(width, ' ');
const clean = (value) => String(value ?? '').toUpperCase().replace(/[*~:^\r\n]/g, ' ').trim();

/** A 270 (005010X279A1) asking for a member's health benefit coverage (EQ*30), like the README's sample. */
export function build270(member, now = new Date(), control = Math.floor(now.getTime() / 1000) % 1_000_000_000) {
  const ymd = now.toISOString().slice(0, 10).replaceAll('-', '');
  const hm = now.toISOString().slice(11, 16).replace(':', '');
  const icn = String(control).padStart(9, '0');
  const segments = [
    ['ISA', '00', pad('', 10), '00', pad('', 10), 'ZZ', pad('CDGCONSOLE', 15), 'ZZ', pad('CDGHEALTHPLAN', 15), ymd.slice(2), hm, '^', '00501', icn, '0', 'T', ':'],
    ['GS', 'HS', 'CDGCONSOLE', 'CDGHEALTHPLAN', ymd, hm, String(control), 'X', '005010X279A1'],
    ['ST', '270', '0001', '005010X279A1'],
    ['BHT', '0022', '13', `CONSOLE${icn.slice(-4)}`, ymd, hm],
    ['HL', '1', '', '20', '1'],
    ['NM1', 'PR', '2', clean(member.payerName || 'PAYER').slice(0, 60), '', '', '', '', 'PI', clean(member.payerId)],
    ['HL', '2', '1', '21', '1'],
    ['NM1', '1P', '2', 'TEST CLINIC', '', '', '', '', 'XX', '1234567893'],
    ['HL', '3', '2', '22', '0'],
    ['TRN', '1', `CONSOLE-${icn}`, '9877281234'],
    ['NM1', 'IL', '1', clean(member.family).slice(0, 60), clean(member.given).slice(0, 35), '', '', '', 'MI', clean(member.memberId)],
    ...(member.birthDate ? [['DMG', 'D8', member.birthDate.replaceAll('-', '')]] : []),
    ['EQ', '30'],
  ];
  segments.push(['SE', String(segments.length - 1), '0001'], ['GE', '1', String(control)], ['IEA', '1', icn]);
  return segments.map((s) => `${s.join('*')}~`).join('\n') + '\n';
}
