/**
 * Write benchmark (not a test): FHIR creates per second against a fresh DATA_DIR and against one already holding
 * `--writes` client writes (default 10,000), each a real `cdg serve` child process. Rounds alternate between the two
 * servers so both see the same machine load; the medians are compared. The fresh server is warmed up with writes it
 * then drops (POST /admin/reset), so both processes are equally warm and only their logs differ. Before the write log, every write rewrote
 * the whole overlay.json and the rate fell with the writes kept (issue 13: 393/s -> 123/s after 7,211 claims).
 * Run: npm run bench:writes [-- --writes 10000 --rounds 5 --per-round 500 --connections 16]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median, startChildServer, type ChildServer } from './child-server.js';

const { values } = parseArgs({
  options: {
    writes: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '5' },
    'per-round': { type: 'string', default: '500' },
    connections: { type: 'string', default: '16' },
  },
});
const prefill = Number(values.writes);
const rounds = Number(values.rounds);
const perRound = Number(values['per-round']);
const connections = Number(values.connections);

let serial = 0;
/** A Patient of about 700 bytes of JSON, each with its own identifier. */
function patient(): string {
  const n = serial++;
  return JSON.stringify({
    resourceType: 'Patient',
    identifier: [{ system: 'urn:bench:writes', value: `w-${n}` }],
    name: [{ use: 'official', family: `Writer${n}`, given: ['Bench', 'Mark'] }],
    gender: n % 2 ? 'female' : 'male',
    birthDate: '1980-01-01',
    address: [{ line: [`${n} Benchmark Avenue`, 'Suite 100'], city: 'Springfield', state: 'IL', postalCode: '62701' }],
    telecom: [{ system: 'phone', value: '555-0100' }, { system: 'email', value: `writer${n}@example.org` }],
    extension: [{ url: 'urn:bench:note', valueString: 'x'.repeat(200) }],
  });
}

/** Sends `count` creates over `connections` concurrent lanes; returns writes per second. */
async function writeBurst(server: ChildServer, count: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < count) {
      next++;
      const res = await fetch(`${server.url}/fhir/Patient`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: patient() });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: connections }, lane));
  return count / ((performance.now() - started) / 1000);
}

const mb = (dir: string): string => `${(statSync(join(dir, 'writes.log')).size / 1e6).toFixed(1)} MB`;

async function main(): Promise<void> {
  const dirs = { fresh: mkdtempSync(join(tmpdir(), 'cdg-bench-w0-')), loaded: mkdtempSync(join(tmpdir(), 'cdg-bench-w1-')) };
  const common = ['--patients', '20', '--threads', '1'];
  const fresh = await startChildServer([...common, '--data-dir', dirs.fresh]);
  const loaded = await startChildServer([...common, '--data-dir', dirs.loaded]);
  try {
    console.log(`bench:writes: ${connections} connections, ${perRound} creates a round, ${rounds} rounds each, prefill ${prefill}`);
    const step = Math.max(perRound, Math.floor(prefill / 5));
    for (let done = 0; done < prefill; done += step) {
      const rate = await writeBurst(loaded, Math.min(step, prefill - done));
      console.log(`  prefill writes ${done}-${Math.min(prefill, done + step)}: ${rate.toFixed(0)}/s`);
    }
    // The same warm-up for the fresh server (JIT, validator), then POST /admin/reset: its log is back to no live
    // writes (the reset is compacted away), so the comparison is log size, not a cold process against a warm one.
    const warm = await writeBurst(fresh, Math.min(prefill, 2000));
    if ((await fetch(`${fresh.url}/admin/reset`, { method: 'POST' })).status !== 200) throw new Error('reset failed');
    // The reset starts a background compaction; wait (up to 30 s) for the log to shrink before measuring.
    for (let t = 0; t < 300 && statSync(join(dirs.fresh, 'writes.log')).size > 100_000; t++) await new Promise((r) => setTimeout(r, 100));
    console.log(`  fresh server warmed up with ${Math.min(prefill, 2000)} writes (${warm.toFixed(0)}/s), then reset: log ${mb(dirs.fresh)}`);
    const rates: { fresh: number[]; loaded: number[] } = { fresh: [], loaded: [] };
    for (let r = 0; r < rounds; r++) {
      rates.fresh.push(await writeBurst(fresh, perRound));
      rates.loaded.push(await writeBurst(loaded, perRound));
      console.log(`  round ${r + 1}: fresh ${rates.fresh[r].toFixed(0)}/s, after ${prefill + r * perRound} writes ${rates.loaded[r].toFixed(0)}/s`);
    }
    const [a, b] = [median(rates.fresh), median(rates.loaded)];
    console.log(`median: at start ${a.toFixed(0)} writes/s (log ${mb(dirs.fresh)}); after ${prefill} writes ${b.toFixed(0)} writes/s (log ${mb(dirs.loaded)}); ratio ${(b / a).toFixed(2)}`);
  } finally {
    await Promise.all([fresh.stop(), loaded.stop()]);
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
