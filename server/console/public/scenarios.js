// Scenario catalog: ready-made test subjects of the current population (GET /api/v1/scenarios), each with its ids,
// the request to send and what the answer shows; "Send" sends it here and shows the answer.
import { fetchJson, guard, h, mount, status, table } from './dom.js';
import { renderX12 } from './x12.js';

const describe = (values) => Object.entries(values ?? {}).map(([k, v]) => `${k}: ${v}`).join(', ');

export async function scenariosView(main) {
  const out = h('div', { id: 'scenario-out', 'aria-live': 'polite' });
  mount(main, h('h1', {}, 'Scenarios'), status('Loading…'));
  const { data } = await fetchJson('/api/v1/scenarios');
  const rows = data.scenarios.map((s) => [
    s.title,
    s.available ? 'available' : `unavailable: ${s.unavailable}`,
    describe(s.subject),
    describe(s.expect),
    s.request ? h('span', {}, h('code', {}, `${s.request.method} ${s.request.path}`), ' ',
      h('button', { type: 'button', 'data-scenario': s.key, onclick: () => guard(out, () => send(s, out)) }, 'Send')) : '',
  ]);
  mount(main, h('h1', {}, 'Scenarios'),
    h('p', {}, `Test subjects of the population as the store holds it now (as of ${data.as_of}); ${data.available} of ${data.scenarios.length} available. They are recomputed after every write.`),
    table('Scenario catalog', ['Scenario', 'Status', 'Subject', 'The answer shows', 'Request'], rows, { id: 'scenarios' }),
    h('section', { 'aria-labelledby': 'scenario-answer-title' }, h('h2', { id: 'scenario-answer-title' }, 'Answer'), out));
}

async function send(scenario, out) {
  const r = scenario.request;
  mount(out, status('Sending…'));
  if (r.method === 'POST') {
    const answers = await fetchJson(r.path, { method: 'POST', headers: r.headers, body: r.body });
    mount(out, h('h3', {}, `${scenario.title}: sent`), renderX12(r.body, 'Sent segments'),
      answers.map((doc) => h('article', { class: 'doc' }, h('h3', {}, `${doc.kind} (control number ${doc.controlNumber})`), renderX12(doc.text, `${doc.kind} segments`))));
    return;
  }
  const body = await fetchJson(r.path, { headers: r.headers });
  mount(out, h('h3', {}, `${scenario.title}: ${r.path}`), h('pre', {}, JSON.stringify(body, null, 2)));
}
