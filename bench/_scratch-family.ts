import { performance } from 'node:perf_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Patient } from 'fhir/r4';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { startPopulationIndex } from '../data-store/compact/population-index.js';
import { createStore } from '../data-store/index.js';
import { DEFAULT_POPULATION_CONFIG } from '../population/config.js';
import { directoryResources, generateDirectory } from '../population/directory.js';
import { generatePatientPeople } from '../population/generate-patient.js';

const patients = Number(process.argv[2] ?? 1_000_000);
const config = { ...DEFAULT_POPULATION_CONFIG, patients };
const directory = generateDirectory(config);
const index = startPopulationIndex(config);
const store = await createStore({ base: () => directoryResources(directory), dataDir: mkdtempSync(join(tmpdir(), 'fam-')), baseLastUpdated: `${config.asOf}T00:00:00Z`, regenerated: { config, directory, index } });
const t0 = performance.now();
while (!index.status()[0].ready) await new Promise((r) => setTimeout(r, 200));
console.log('people ready', ((performance.now() - t0) / 1000).toFixed(1), 's');
await index.close();
const sample: Patient[] = [];
for (let k = 0; k < 400; k++) sample.push(generatePatientPeople(config, directory, Math.floor((k * 2654435761) % patients)).patient);
const session = new Session(); session.connect();
for (const kind of ['family', 'birthdate'] as const) {
  const times: number[] = []; const totals: number[] = []; const cands: number[] = [];
  if (kind === 'family') { await session.post('Profiler.enable'); await session.post('Profiler.start'); }
  for (const p of sample) {
    const value = kind === 'family' ? p.name![0].family! : p.birthDate!;
    const t = performance.now();
    const page = store.search({ resourceType: 'Patient', params: [[kind, value]] });
    times.push(performance.now() - t); totals.push(page.total); cands.push(index.candidates('Patient', kind, undefined, value)?.length ?? -1);
  }
  if (kind === 'family') { const { profile } = await session.post('Profiler.stop'); writeFileSync('/tmp/family.cpuprofile', JSON.stringify(profile)); }
  const s = [...times].sort((a, b) => a - b);
  const ts = [...totals].sort((a, b) => a - b); const cs = [...cands].sort((a, b) => a - b);
  console.log(kind, 'p50', s[200].toFixed(2), 'p90', s[360].toFixed(2), 'total p50', ts[200], 'p90', ts[360], 'candidates p50', cs[200], 'p90', cs[360]);
}
process.exit(0);
