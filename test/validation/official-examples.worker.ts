/**
 * Worker for official-examples.test.ts: parses and validates the example files it is given, answering with the
 * type and issues of each (a worker per core keeps the 191 MB package within the CI budget).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { validateResource } from '../../fhir-profiles/schema-validator.js';

export interface ExampleResult {
  file: string;
  resourceType: string;
  issues: Array<{ path: string; message: string }>;
}

const { dir, files } = workerData as { dir: string; files: string[] };
const results: ExampleResult[] = [];
for (const file of files) {
  const resource = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { resourceType?: unknown };
  const resourceType = typeof resource.resourceType === 'string' ? resource.resourceType : '';
  results.push({ file, resourceType, issues: resourceType ? validateResource(resource, { maxIssues: 5 }).issues : [] });
}
parentPort?.postMessage(results);
