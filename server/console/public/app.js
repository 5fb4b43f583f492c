// The console's router: #/overview, #/patients[/{id}], #/edi, #/scenarios. Each view renders into <main>.
import { mount, status } from './dom.js';
import { overviewView } from './overview.js';
import { patientsView, patientView } from './patients.js';
import { ediView } from './edi.js';
import { scenariosView } from './scenarios.js';

const main = document.getElementById('main');
const routes = [
  [/^#\/patients\/([A-Za-z0-9\-.]{1,64})$/, (m) => patientView(main, decodeURIComponent(m[1]))],
  [/^#\/patients(?:\?q=(.*))?$/, (m) => patientsView(main, m[1] ? decodeURIComponent(m[1]) : '')],
  [/^#\/edi$/, () => ediView(main)],
  [/^#\/scenarios$/, () => scenariosView(main)],
  [/^#\/overview$/, () => overviewView(main)],
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
  try {
    await view(hash.match(pattern) ?? []);
  } catch (error) {
    if (ticket === rendering) mount(main, status(`Could not load this page: ${error.message}`, 'error'));
  }
  const from = document.activeElement;
  if (ticket === rendering && (from === document.body || from?.closest('nav'))) main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', render);
render();
