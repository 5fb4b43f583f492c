// EDI console: send a 270 or 837 (pasted or uploaded) to POST /edi/270 or /edi/837 and show the answers with
// their segments marked and their codes explained; below, the recent EDI traffic over HTTP and SFTP.
import { fetchJson, guard, h, mount, status, table } from './dom.js';
import { explanation } from './patients.js';
import { build270, renderX12 } from './x12.js';

export async function ediView(main) {
  const kind = h('select', { id: 'edi-kind', name: 'kind' }, h('option', { value: '270' }, '270 eligibility inquiry → 271'), h('option', { value: '837' }, '837 claims → 999 and 277CA'));
  const text = h('textarea', { id: 'edi-text', name: 'x12', rows: 12, spellcheck: 'false', required: true, 'aria-describedby': 'edi-text-hint' });
  const file = h('input', { id: 'edi-file', type: 'file', accept: '.x12,.edi,.txt,text/plain' });
  const out = h('div', { id: 'edi-out', 'aria-live': 'polite' });
  const traffic = h('div', { id: 'edi-traffic' });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (f) text.value = await f.text();
  });
  const form = h('form', { class: 'edi', onsubmit: (e) => { e.preventDefault(); guard(out, () => send(kind.value, text.value, out, traffic)); } },
    h('p', {}, h('label', { for: 'edi-kind' }, 'Transaction'), kind),
    h('p', {}, h('label', { for: 'edi-text' }, 'X12 interchange'), text),
    h('p', { class: 'hint', id: 'edi-text-hint' }, 'Paste an interchange (ISA … IEA), upload a file, or build a 270 for a generated member.'),
    h('p', {}, h('label', { for: 'edi-file' }, 'Or upload a file'), file),
    h('p', { class: 'buttons' },
      h('button', { type: 'submit' }, 'Send'),
      h('button', { type: 'button', onclick: () => guard(out, () => sample270(kind, text)) }, 'Build a 270 for a generated member')));
  mount(main, h('h1', {}, 'EDI'), form, h('section', { 'aria-labelledby': 'edi-answer-title' }, h('h2', { id: 'edi-answer-title' }, 'Answer'), out),
    h('section', { 'aria-labelledby': 'traffic-title' },
      h('h2', { id: 'traffic-title' }, 'Recent traffic'),
      h('p', {}, h('button', { type: 'button', onclick: () => guard(traffic, () => showTraffic(traffic)) }, 'Refresh')),
      traffic));
  await showTraffic(traffic);
}

async function sample270(kind, text) {
  const bundle = await fetchJson('/fhir/Coverage?status=active&_count=1');
  const coverage = bundle.entry?.[0]?.resource;
  const id = coverage?.beneficiary?.reference?.split('/')[1];
  if (!id) throw new Error('no member with an active coverage');
  const member = await fetchJson(`/console/api/patients/${encodeURIComponent(id)}/member`);
  kind.value = '270';
  text.value = build270(member);
}

async function send(kind, body, out, traffic) {
  mount(out, status('Sending…'));
  const [answers, codes] = await Promise.all([
    fetchJson(`/edi/${kind}`, { method: 'POST', headers: { 'content-type': 'application/edi-x12' }, body }),
    fetchJson('/console/api/codes'),
  ]);
  mount(out, h('h3', {}, 'Sent'), renderX12(body, 'Sent segments'), answers.map((doc) => h('article', { class: 'doc' },
    h('h3', {}, `${doc.kind} (control number ${doc.controlNumber})`),
    explanation(doc.text, codes),
    renderX12(doc.text, `${doc.kind} segments`))));
  await showTraffic(traffic);
}

async function showTraffic(el) {
  const { entries } = await fetchJson('/console/api/traffic?limit=50');
  mount(el, table('Last 50 EDI documents over HTTP and SFTP, newest first (kept in memory, lost on restart)',
    ['Time', 'Channel', 'Direction', 'Kind', 'Control number', 'Bytes', 'Account', 'Path', 'Note'],
    entries.map((e) => [e.at.replace('T', ' ').slice(0, 19), e.channel.toUpperCase(), e.direction === 'in' ? 'inbound' : 'outbound', e.kind, e.controlNumber ?? '', e.bytes ?? '', e.account ?? '', e.path ?? '', e.note ?? ''])));
}
