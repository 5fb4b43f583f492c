import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourceTypes } from '../../server/fhir/resource-types.js';
import type { ExampleResult } from './official-examples.worker.js';

/**
 * Every official R4 example (npm `hl7.fhir.r4.examples`, 4.0.1: 5,300 files, 191 MB) of a type the server serves
 * is valid here, except the few that break the spec themselves (invalid-official-examples.json, each with its rule).
 */
const require = createRequire(import.meta.url);
const DIR = dirname(require.resolve('hl7.fhir.r4.examples/package.json'));
const known = (JSON.parse(readFileSync(new URL('./invalid-official-examples.json', import.meta.url), 'utf8')) as {
  examples: Array<{ file: string; path: string; reason: string }>;
}).examples;

/** Files grouped by the type in their name (so each worker compiles fewer validators), balanced by size. */
function partition(files: string[], parts: number): string[][] {
  const groups = new Map<string, { files: string[]; bytes: number }>();
  for (const file of files) {
    const group = groups.get(file.split('-')[0]) ?? { files: [], bytes: 0 };
    group.files.push(file);
    group.bytes += statSync(join(DIR, file)).size;
    groups.set(file.split('-')[0], group);
  }
  const bins = Array.from({ length: parts }, () => ({ files: [] as string[], bytes: 0 }));
  for (const group of [...groups.values()].sort((a, b) => b.bytes - a.bytes)) {
    const bin = bins.reduce((min, b) => (b.bytes < min.bytes ? b : min));
    bin.files.push(...group.files);
    bin.bytes += group.bytes;
  }
  return bins.map((b) => b.files).filter((f) => f.length > 0);
}

function runWorker(files: string[]): Promise<ExampleResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./official-examples.worker.mjs', import.meta.url), {
      workerData: { dir: DIR, files },
    });
    worker.once('message', (results: ExampleResult[]) => {
      resolve(results);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`example worker exited with ${code}`));
    });
  });
}

describe('official HL7 R4 examples', () => {
  let served: ExampleResult[] = [];

  beforeAll(async () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'package.json');
    const parts = partition(files, Math.max(1, Math.min(4, availableParallelism())));
    const results = (await Promise.all(parts.map(runWorker))).flat();
    const types = new Set(resourceTypes());
    served = results.filter((r) => types.has(r.resourceType));
  }, 180_000);

  it('validates every official example of a served type, except the listed ones that break the spec', () => {
    expect(served.length).toBeGreaterThan(5_000);
    const listed = new Set(known.map((k) => k.file));
    const rejected = served.filter((r) => !listed.has(r.file) && r.issues.length > 0);
    expect(rejected.map((r) => `${r.file}: ${r.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`)).toEqual([]);
  });

  it('refuses each listed example at the path its reason names', () => {
    expect(known.length).toBeGreaterThan(0);
    const byFile = new Map(served.map((r) => [r.file, r]));
    for (const { file, path } of known) {
      const result = byFile.get(file);
      expect(result, file).toBeDefined();
      expect(result?.issues.map((i) => i.path), file).toContain(path);
    }
  });
});
