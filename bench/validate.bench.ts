/**
 * Validation benchmark (not a test): cold start of the validator, then median wall and CPU time of
 * `validateResource` on HL7's largest official examples and on the pathological inputs of issue 11 (nested
 * contained, 10,000 non-resources in contained, deep extension nesting, a Bundle of bad entries).
 * Run: npm run bench:validate [-- runs]
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { validateResource, warmUpValidator } from '../fhir-profiles/schema-validator.js';

const runs = Number(process.argv[2] ?? 5);
const require = createRequire(import.meta.url);
const examples = dirname(require.resolve('hl7.fhir.r4.examples/package.json'));

type Json = Record<string, unknown>;

function nestedContained(depth: number): Json {
  let inner: Json = { resourceType: 'Patient' };
  for (let i = 0; i < depth; i++) inner = { resourceType: 'Patient', contained: [inner] };
  return inner;
}

function deepExtension(levels: number): Json {
  let ext: Json = { url: 'http://example.org/x', valueString: 'leaf' };
  for (let i = 0; i < levels; i++) ext = { url: 'http://example.org/x', extension: [ext] };
  return { resourceType: 'Patient', extension: [ext] };
}

function timeOnce(fn: () => unknown): { wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

const cold = timeOnce(() => warmUpValidator());
console.log(`warmUpValidator() cold: wall ${ms(cold.wall)}, cpu ${ms(cold.cpu)}`);

const load = (file: string): Json => JSON.parse(readFileSync(join(examples, file), 'utf8')) as Json;
const cases: Array<[string, () => Json]> = [
  ['Bundle-dataelements.json (20.8 MB)', () => load('Bundle-dataelements.json')],
  ['Bundle-resources.json (35.1 MB)', () => load('Bundle-resources.json')],
  ['nested contained, depth 3 (164 bytes)', () => nestedContained(3)],
  ['nested contained, depth 4', () => nestedContained(4)],
  ['nested contained, depth 50', () => nestedContained(50)],
  ['10,000 non-resource objects in contained', () => ({ resourceType: 'Patient', contained: Array.from({ length: 10_000 }, (_, i) => ({ value: i })) })],
  ['extension nesting 2,000 levels', () => deepExtension(2_000)],
  ['Bundle of 3,001 bad entries', () => ({ resourceType: 'Bundle', type: 'collection', entry: Array.from({ length: 3_001 }, () => ({ resource: { resourceType: 'Patient', gender: 'M', name: [{}] } })) })],
];

console.log(`\nmedian of ${runs} runs (first run of a case compiles its types and is included)`);
console.log('| input | valid | issues | wall | cpu |\n| --- | --- | --- | --- | --- |');
for (const [name, make] of cases) {
  const input = make();
  const walls: number[] = [];
  const cpus: number[] = [];
  let summary = '';
  for (let r = 0; r < runs; r++) {
    let result: ReturnType<typeof validateResource> | undefined;
    const t = timeOnce(() => (result = validateResource(input)));
    walls.push(t.wall);
    cpus.push(t.cpu);
    if (result) summary = `| ${result.valid} | ${result.issues.length - (result.omitted > 0 ? 1 : 0)} + ${result.omitted} |`;
  }
  console.log(`| ${name} ${summary} ${ms(median(walls))} | ${ms(median(cpus))} |`);
}
