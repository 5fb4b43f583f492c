// Population overview: five charts (Chart.js) from GET /console/api/overview, each with its data as a table.
import { fetchJson, h, money, mount, status, table } from './dom.js';

// Okabe-Ito colours: distinguishable with colour-vision deficiencies.
const BLUE = '#0072B2';
const ORANGE = '#D55E00';
const GREEN = '#009E73';
const GREY = '#6B6B6B';
const PURPLE = '#8E4585';
const pct = (x) => `${(x * 100).toFixed(1)}%`;

let charts = [];

export async function overviewView(main) {
  mount(main, h('h1', {}, 'Population'), status('Computing the overview…'));
  const o = await fetchJson('/console/api/overview');
  for (const c of charts) c.destroy();
  charts = [];
  const ChartJs = window.Chart;
  mount(main,
    h('h1', {}, 'Population'),
    h('p', {}, `${o.patients.toLocaleString('en-US')} patients as of ${o.asOf}. Counts are computed from the store as it is now (client writes included).`),
    h('div', { class: 'grid' },
      figure('pyramid', 'Age pyramid', 'Patients by five-year age band and sex (male left, female right).',
        table('Patients by age band and sex', ['Age', 'Male', 'Female', 'Other/unknown'], o.agePyramid.bands.map((b, i) => [b, o.agePyramid.male[i], o.agePyramid.female[i], o.agePyramid.other[i]]))),
      figure('conditions', 'Chronic conditions: observed vs target',
        'Share of patients with each chronic condition, next to the rate the generator targets for this population: its national prevalence table (CDC sources) applied to these patients\u2019 ages and sexes.',
        table('Chronic condition prevalence', ['Condition', 'ICD-10-CM', 'Patients', 'Observed', 'Target', 'Source'], o.conditions.map((c) => [c.display, c.icd10, c.patients, pct(c.observed), pct(c.expected), c.source]))),
      figure('coverage', 'Coverage by payer and plan', `Coverages in force on ${o.asOf}.`,
        table('Members by payer and plan', ['Payer', 'Payer id', 'Plan', 'Members'], o.coverage.map((c) => [c.payerName, c.payer, c.planName, c.members]))),
      figure('claims', 'Claims paid and denied by month', 'Adjudicated claims (ExplanationOfBenefit) by the month they were processed.',
        table('Claims by month', ['Month', 'Paid', 'Denied', 'Nothing paid, not denied'], o.claimsByMonth.months.map((m, i) => [m, o.claimsByMonth.paid[i], o.claimsByMonth.denied[i], o.claimsByMonth.zeroPaid[i]]))),
      figure('adjustments', 'Denial reasons (CARC)', 'Denied claim lines by claim adjustment group and reason code, as the 835 reports them. The data table also lists the routine adjustments (contractual write-off, deductible, coinsurance, copay).',
        table('Claim lines by adjustment reason', ['Group-CARC', 'Meaning', 'Denial', 'Lines', 'Amount'], o.adjustments.map((a) => [`${a.group}-${a.reason}`, a.meaning, a.denial ? 'yes' : 'no', a.lines, money(a.amount)]))),
    ));
  if (!ChartJs) {
    main.append(status('Charts are unavailable (Chart.js did not load); the tables hold the same data.', 'error'));
    return;
  }
  ChartJs.defaults.font.size = 13;
  ChartJs.defaults.color = '#333';
  const { agePyramid: p } = o;
  charts.push(new ChartJs(canvas('pyramid'), {
    type: 'bar',
    data: { labels: p.bands, datasets: [{ label: 'Male', data: p.male.map((v) => -v), backgroundColor: BLUE }, { label: 'Female', data: p.female, backgroundColor: ORANGE }] },
    options: chartOptions({ indexAxis: 'y', stacked: true, tick: (v) => Math.abs(v), tooltip: (c) => `${c.dataset.label}: ${Math.abs(c.raw)}`, reverseY: true }),
  }));
  charts.push(new ChartJs(canvas('conditions'), {
    type: 'bar',
    data: { labels: o.conditions.map((c) => c.display), datasets: [{ label: 'Observed', data: o.conditions.map((c) => c.observed * 100), backgroundColor: BLUE }, { label: 'Target', data: o.conditions.map((c) => c.expected * 100), backgroundColor: GREY }] },
    options: chartOptions({ indexAxis: 'y', tick: (v) => `${v}%`, tooltip: (c) => `${c.dataset.label}: ${c.raw.toFixed(1)}%` }),
  }));
  charts.push(new ChartJs(canvas('coverage'), {
    type: 'bar',
    data: { labels: o.coverage.map((c) => `${c.planName} (${c.payer})`), datasets: [{ label: 'Members', data: o.coverage.map((c) => c.members), backgroundColor: GREEN }] },
    options: chartOptions({ indexAxis: 'y' }),
  }));
  const m = o.claimsByMonth;
  charts.push(new ChartJs(canvas('claims'), {
    type: 'bar',
    data: { labels: m.months, datasets: [{ label: 'Paid', data: m.paid, backgroundColor: GREEN }, { label: 'Denied', data: m.denied, backgroundColor: ORANGE }, { label: 'Nothing paid, not denied', data: m.zeroPaid, backgroundColor: GREY }] },
    options: chartOptions({ stacked: true }),
  }));
  const denials = o.adjustments.filter((a) => a.denial);
  charts.push(new ChartJs(canvas('adjustments'), {
    type: 'bar',
    data: { labels: denials.map((a) => [`${a.group}-${a.reason}`, shorten(a.meaning)]), datasets: [{ label: 'Denied claim lines', data: denials.map((a) => a.lines), backgroundColor: PURPLE }] },
    options: chartOptions({ indexAxis: 'y', tooltip: (c) => `${denials[c.dataIndex].meaning}: ${c.raw} lines` }),
  }));
}

function figure(id, title, description, dataTable) {
  return h('figure', { class: 'card', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    h('p', { class: 'hint', id: `${id}-desc` }, description),
    h('div', { class: 'chart' }, h('canvas', { id: `${id}-chart`, role: 'img', 'aria-label': `${title} chart`, 'aria-describedby': `${id}-desc` }, 'The data table below holds the same figures.')),
    h('details', {}, h('summary', {}, 'Data table'), dataTable));
}

const shorten = (text) => (text.length > 42 ? `${text.slice(0, 40)}…` : text);

function canvas(id) {
  return document.getElementById(`${id}-chart`);
}

function chartOptions({ indexAxis = 'x', stacked = false, tick, tooltip, reverseY = false }) {
  const value = { stacked, beginAtZero: true, ticks: tick ? { callback: tick } : {} };
  const category = { stacked, reverse: reverseY, ticks: { autoSkip: indexAxis === 'x' } };
  return {
    indexAxis,
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    scales: indexAxis === 'y' ? { x: value, y: category } : { x: category, y: value },
    plugins: { legend: { position: 'bottom' }, tooltip: tooltip ? { callbacks: { label: tooltip } } : {} },
  };
}
