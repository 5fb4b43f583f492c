import { createStore } from '../data-store/index.js';
import { DEFAULT_POPULATION_CONFIG } from '../population/config.js';
import { directoryResources, generateDirectory } from '../population/directory.js';
const config = { ...DEFAULT_POPULATION_CONFIG, patients: 1_000_000 };
let t = performance.now();
const directory = generateDirectory(config);
const store = await createStore({ base: () => directoryResources(directory), regenerated: { config, directory } });
console.log('open', (performance.now() - t).toFixed(0));
const id = (i: number) => `pt-${String((i * 24593) % 1_000_000).padStart(6, '0')}`;
function time(name: string, n: number, f: (i: number) => void) {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) { const s = performance.now(); f(i); xs.push(performance.now() - s); }
  xs.sort((a, b) => a - b);
  console.log(name, 'p50', xs[n >> 1].toFixed(2), 'p90', xs[Math.floor(n * 0.9)].toFixed(2));
}
for (let round = 0; round < 2; round++) {
  time('read Patient', 300, (i) => store.read('Patient', id(i + round * 1000)));
  time('read Observation', 300, (i) => { try { store.read('Observation', `obs-${(i * 24593 + round * 7) % 1_000_000}-1`); } catch {} });
  time('compartment', 300, (i) => store.search({ resourceType: 'Observation', params: [['patient', `Patient/${id(i + 5000 + round * 1000)}`], ['_count', '20']] }));
  time('compartment cached', 300, (i) => store.search({ resourceType: 'Observation', params: [['patient', `Patient/${id((i % 100) + 5000 + round * 1000)}`], ['_count', '20']] }));
}
await store.close();
