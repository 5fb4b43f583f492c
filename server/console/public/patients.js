// Patient browser: search (FHIR Patient?name= / ?identifier=), then one patient's record from $everything,
// and the same member as FHIR and as X12 (834/837/835 slices, a 271 answering a 270 built here).
import { day, fetchJson, guard, h, money, mount, status, table } from './dom.js';
import { build270, explain, renderX12 } from './x12.js';

const MEMBER_ID = 'https://cdg.example.org/fhir/sid/member-id';
const nameOf = (p) => { const n = p.name?.find((x) => x.use === 'official') ?? p.name?.[0]; return n ? [...(n.given ?? []), n.family].filter(Boolean).join(' ') : '(no name)'; };
const memberIdOf = (p) => p.identifier?.filter((i) => i.system === MEMBER_ID).at(-1)?.value ?? '';
const codeText = (cc) => cc?.text ?? cc?.coding?.find((c) => c.display)?.display ?? cc?.coding?.[0]?.code ?? '';

export async function patientsView(main, query) {
  const input = h('input', { id: 'patient-q', name: 'q', type: 'search', value: query, required: true, autocomplete: 'off', 'aria-describedby': 'patient-q-hint' });
  const results = h('div', { id: 'patient-results', 'aria-live': 'polite' });
  const form = h('form', { role: 'search', class: 'search', onsubmit: (e) => { e.preventDefault(); location.hash = `#/patients?q=${encodeURIComponent(input.value.trim())}`; } },
    h('label', { for: 'patient-q' }, 'Name or member id'), input, h('button', { type: 'submit' }, 'Search'),
    h('p', { class: 'hint', id: 'patient-q-hint' }, 'A family or given name (FHIR name search), or a member id, MRN or patient id.'));
  mount(main, h('h1', {}, 'Patients'), form, results);
  if (!query) {
    input.focus();
    return;
  }
  mount(results, status('Searching…'));
  const { found, total } = await search(query);
  const caption = `${total} patient${total === 1 ? '' : 's'} matching '${query}'${total > found.length ? ` (first ${found.length} shown)` : ''}`;
  mount(results, found.length === 0 ? status(`No patient matches '${query}'.`) : table(caption,
    ['Name', 'Member id', 'Birth date', 'Gender', 'Id'],
    found.map((p) => [h('a', { href: `#/patients/${encodeURIComponent(p.id)}` }, nameOf(p)), memberIdOf(p), p.birthDate ?? '', p.gender ?? '', p.id])));
}

/** Ids go to _id, anything with a digit to identifier (member id or MRN, any system), the rest to name. */
async function search(q) {
  const param = /^pt-\d+$/.test(q) ? '_id' : /\d/.test(q) ? 'identifier' : 'name';
  const bundle = await fetchJson(`/fhir/Patient?${param}=${encodeURIComponent(q)}&_count=50`);
  const found = (bundle.entry ?? []).map((e) => e.resource);
  return { found, total: bundle.total ?? found.length };
}

/** Every resource of $everything, following `next` links. */
async function everything(id) {
  const out = [];
  let url = `/fhir/Patient/${encodeURIComponent(id)}/$everything?_count=500`;
  while (url) {
    const bundle = await fetchJson(url);
    out.push(...(bundle.entry ?? []).map((e) => e.resource));
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    url = next ? new URL(next).pathname + new URL(next).search : undefined;
  }
  return out;
}

export async function patientView(main, id) {
  mount(main, h('h1', {}, 'Patient'), status('Loading the record…'));
  const [resources, member] = await Promise.all([everything(id), fetchJson(`/console/api/patients/${encodeURIComponent(id)}/member`)]);
  const of = (type) => resources.filter((r) => r.resourceType === type);
  const patient = of('Patient').find((p) => p.id === id);
  const x12Out = h('div', { id: 'x12-out', 'aria-live': 'polite' });
  mount(main,
    h('p', {}, h('a', { href: '#/patients' }, '← Patients')),
    h('h1', {}, nameOf(patient)),
    h('dl', { class: 'facts' },
      fact('Patient id', id), fact('Member id', member.memberId ?? 'none'), fact('Birth date', patient.birthDate ?? ''), fact('Gender', patient.gender ?? ''),
      fact('Payer', member.payerName ? `${member.payerName} (${member.payerId})` : 'none'), fact('Plan', member.planName ?? ''),
      fact('Coverage', member.coverageActive ? 'in force' : 'not in force on the as-of date'), fact('Relationship', member.relationship ?? '')),
    h('section', { 'aria-labelledby': 'views-title' },
      h('h2', { id: 'views-title' }, 'The same member elsewhere'),
      h('ul', { class: 'actions' },
        h('li', {}, h('a', { href: `/fhir/Patient/${encodeURIComponent(id)}` }, 'Show as FHIR (Patient)')),
        h('li', {}, h('a', { href: `/fhir/Patient/${encodeURIComponent(id)}/$everything` }, 'Show as FHIR ($everything)')),
        ['834', '837P', '837I', '835'].map((kind) => h('li', {}, h('button', { type: 'button', onclick: () => guard(x12Out, () => showX12(x12Out, id, kind)) }, `Show in ${kind}`))),
        h('li', {}, h('button', { type: 'button', disabled: !member.memberId || !member.payerId, onclick: () => guard(x12Out, () => show271(x12Out, member)) }, 'Show in 271 (send a 270)'))),
      x12Out),
    timeline(of));
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

async function showX12(out, id, kind) {
  mount(out, status(`Emitting the member's ${kind}…`));
  const url = `/console/api/patients/${encodeURIComponent(id)}/x12/${kind}`;
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) return mount(out, status(`${kind}: ${res.status} ${text}`, 'error'));
  const empty = !/\nST\*/.test(text) && !/~ST\*/.test(text);
  mount(out, h('h3', {}, `${kind} for this member`), empty ? status(`No ${kind} transaction for this member (nothing to report).`) : null,
    h('p', {}, h('a', { href: url }, `Raw ${kind} (application/edi-x12)`)), renderX12(text, `${kind} segments`));
}

async function show271(out, member) {
  mount(out, status('Sending a 270…'));
  const inquiry = build270(member);
  const [answers, codes] = await Promise.all([
    fetchJson('/edi/270', { method: 'POST', headers: { 'content-type': 'application/edi-x12' }, body: inquiry }),
    fetchJson('/console/api/codes'),
  ]);
  mount(out, h('h3', {}, '270 sent'), renderX12(inquiry, '270 segments'),
    answers.map((doc) => [h('h3', {}, `${doc.kind} answered (control number ${doc.controlNumber})`), explanation(doc.text, codes), renderX12(doc.text, `${doc.kind} segments`)]));
}

export function explanation(text, codes) {
  const lines = explain(text, codes);
  // Lines indented by the explainers are details of the line before them.
  return lines.length ? h('ul', { class: 'explain', 'aria-label': 'What the codes mean' }, lines.map((l) => h('li', { class: l.startsWith(' ') ? 'sub' : undefined }, l.trim()))) : null;
}

function timeline(of) {
  const newest = (date) => (a, b) => (date(b) ?? '').localeCompare(date(a) ?? '');
  const eobByClaim = new Map(of('ExplanationOfBenefit').map((e) => [e.claim?.reference, e]));
  const range = (o) => (o.referenceRange ?? []).map(rangeText).join('; ');
  const value = (o) => (o.valueQuantity ? `${o.valueQuantity.value} ${o.valueQuantity.unit ?? ''}` : o.valueString ?? codeText(o.valueCodeableConcept));
  const labs = of('Observation').filter((o) => o.category?.some((c) => c.coding?.some((x) => x.code === 'laboratory')));
  return h('section', { 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, 'Timeline'),
    table('Encounters', ['Start', 'Type', 'Class', 'Status'], of('Encounter').sort(newest((e) => e.period?.start)).map((e) => [day(e.period?.start), codeText(e.type?.[0]), e.class?.display ?? e.class?.code ?? '', e.status])),
    table('Conditions', ['Onset', 'Condition', 'Code', 'Clinical status'], of('Condition').sort(newest((c) => c.onsetDateTime ?? c.recordedDate)).map((c) => [day(c.onsetDateTime ?? c.recordedDate), codeText(c.code), c.code?.coding?.[0]?.code ?? '', c.clinicalStatus?.coding?.[0]?.code ?? ''])),
    table('Labs', ['Date', 'Test', 'Value', 'Reference range', 'Flag'], labs.sort(newest((o) => o.effectiveDateTime)).map((o) => [day(o.effectiveDateTime), codeText(o.code), value(o), range(o), flag(o)])),
    table('Immunizations', ['Date', 'Vaccine', 'Status'], of('Immunization').sort(newest((i) => i.occurrenceDateTime)).map((i) => [day(i.occurrenceDateTime), codeText(i.vaccineCode), i.status])),
    table('Claims and their EOBs', ['Service', 'Claim', 'Type', 'Charged', 'Paid', 'Adjudication'], of('Claim').sort(newest((c) => c.billablePeriod?.start)).map((c) => claimRow(c, eobByClaim.get(`Claim/${c.id}`)))));
}

function rangeText(r) {
  if (r.text) return r.text;
  const unit = r.high?.unit ?? r.low?.unit ?? '';
  const low = r.low?.value;
  const high = r.high?.value;
  const bounds = low !== undefined && high !== undefined ? `${low}–${high}` : low !== undefined ? `≥ ${low}` : high !== undefined ? `≤ ${high}` : '';
  return `${bounds} ${unit}`.trim();
}

function flag(o) {
  const code = o.interpretation?.[0]?.coding?.[0];
  if (!code || code.code === 'N') return code ? 'normal' : '';
  return h('strong', { class: 'flag' }, code.display ?? code.code);
}

function claimRow(claim, eob) {
  const total = (code) => eob?.total?.find((t) => t.category?.coding?.some((c) => c.code === code))?.amount?.value;
  const reasons = (eob?.item ?? []).flatMap((i) => i.adjudication ?? []).filter((a) => a.reason).map((a) => `${a.category?.coding?.[0]?.code}-${a.reason.coding?.[0]?.code}`);
  const paid = total('benefit') ?? 0;
  const denied = reasons.length ? `denied ${[...new Set(reasons)].join(', ')}` : '';
  const result = !eob ? 'not adjudicated' : paid > 0 ? ['paid', denied].filter(Boolean).join('; ') : denied || 'nothing paid (member share)';
  const fhirLink = (type, id) => h('a', { href: `/fhir/${type}/${encodeURIComponent(id)}` }, id);
  return [day(claim.billablePeriod?.start), fhirLink('Claim', claim.id), claim.type?.coding?.[0]?.code ?? '', money(claim.total?.value ?? total('submitted')), eob ? money(total('benefit')) : '', [result, eob ? [' (', fhirLink('ExplanationOfBenefit', eob.id), ')'] : null]];
}
