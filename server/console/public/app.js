// The console's router: #/overview, #/patients[/{id}], #/edi, #/scenarios. Each render gives its view a fresh
// container in <main>, so a slower earlier view that finishes late writes into a detached element, never over the
// page the user has moved on to.
import { mount, status } from './dom.js';
import { overviewView } from './overview.js';
import { patientsView, patientView } from './patients.js';
import { ediView } from './edi.js';
import { scenariosView } from './scenarios.js';

const main = document.getElementById('main');
const routes = [
  [/^#\/patients\/([A-Za-z0-9\-.]{1,64})$/, (outlet, m) => patientView(outlet, decodeURIComponent(m[1]))],
  [/^#\/patients(?:\?q=(.*))?$/, (outlet, m) => patientsView(outlet, m[1] ? decodeURIComponent(m[1]) : '')],
  [/^#\/edi$/, (outlet) => ediView(outlet)],
  [/^#\/scenarios$/, (outlet) => scenariosView(outlet)],
  [/^#\/overview$/, (outlet) => overviewView(outlet)],
];

let rendering = 0;
async function render() {
  const hash = location.hash || '#/overview';
  const ticket = ++rendering;
  for (const link of document.querySelectorAll('nav a')) {
    const current = hash.startsWith(link.getAttribute('href'));
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const [pattern, view] = routes.find(([p]) => p.test(hash)) ?? routes[routes.length - 1];
  const outlet = document.createElement('div');
  main.replaceChildren(outlet);
  try {
    await view(outlet, hash.match(pattern) ?? []);
  } catch (error) {
    if (ticket === rendering) mount(outlet, status(`Could not load this page: ${error.message}`, 'error'));
  }
  const from = document.activeElement;
  if (ticket === rendering && (from === document.body || from?.closest('nav'))) main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', render);
render();
