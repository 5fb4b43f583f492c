/**
 * The job that makes one generation request's file(s): select the request's members, turn them into records
 * until record_count is reached, encode (or project to X12), gzip when asked, and store the result.
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Resource } from 'fhir/r4';
import type { JobContext, JobRun } from '../jobs/index.js';
import type { Dataset, EdiFiles, Row } from './datasets/types.js';
import { CONTENT_TYPES, encode } from './encode.js';
import type { GenerationParams } from './params.js';
import { SCAN_FACTOR, requestConfig, selectMembers } from './selection.js';

/** On the libuv thread pool, not the event loop. */
const gzip = promisify(gzipCallback);

export interface GenerationRequest {
  dataset: Dataset;
  params: GenerationParams;
  options: unknown;
  base: { asOf: string; historyYears: number };
}

interface Gathered {
  rows: Row[];
  resources: Resource[];
  context: Resource[];
  scanned: number;
}

async function gather(request: GenerationRequest, job: Pick<JobContext, 'signal' | 'progress'>): Promise<Gathered & { directory: Resource[] }> {
  const { dataset, params } = request;
  const wanted = params.recordCount;
  // Records drawn from clinical histories (claims, reports) are not one per member, and a few members may have
  // none at all: such requests look at no fewer than SCAN_FACTOR members.
  const candidates = dataset.clinical ? Math.max(SCAN_FACTOR, wanted * dataset.scanFactor) : wanted * dataset.scanFactor;
  const config = requestConfig(params, request.base, candidates);
  const out: Gathered = { rows: [], resources: [], context: [], scanned: 0 };
  // A resource several members share (their payer) goes out once.
  const seen = new Set<string>();
  const once = (r: Resource): boolean => {
    const key = `${r.resourceType}/${r.id ?? ''}`;
    if (r.id !== undefined && seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const selection = selectMembers(config, params.filters, config.patients, dataset.clinical, job.signal, (scanned) => {
    out.scanned = scanned;
    // Scanning is most of the work; the rest (encoding, storing) is the last 10%.
    job.progress(Math.max(scanned / config.patients, out.rows.length / wanted) * 90, { scanned, records: out.rows.length });
  });
  for await (const member of selection.members) {
    const records = dataset.records(member, selection, request.options, wanted - out.rows.length);
    if (records.rows.length === 0) continue;
    out.rows.push(...records.rows);
    out.resources.push(...records.resources.filter(once));
    out.context.push(...(records.context ?? member.resources));
    if (out.rows.length >= wanted) break;
  }
  job.progress(90, { scanned: out.scanned, records: out.rows.length });
  return { ...out, directory: selection.directoryResources };
}

/** What the envelope's metadata says about how the records were chosen. */
export function requestMetadata(request: GenerationRequest, scanned: number): object {
  const { params } = request;
  return { seed: params.seed, as_of: request.base.asOf, population_scanned: scanned, filters: params.filters, population: params.population };
}

/** One finished file of a request. */
export interface MadeFile {
  name: string;
  type: string;
  count: number;
  body: Buffer;
}

/** The file(s) of a request: gathered, encoded or projected to X12, gzipped when asked. */
export async function makeFiles(request: GenerationRequest, job: Pick<JobContext, 'signal' | 'progress'>): Promise<MadeFile[]> {
  const { dataset, params } = request;
  const got = await gather(request, job);
  job.signal.throwIfAborted();
  let files: EdiFiles;
  if (params.outputFormat === 'edi') {
    if (!dataset.edi) throw new Error(`${dataset.name} has no X12 form`);
    files = got.rows.length === 0 ? [] : await dataset.edi([...got.directory, ...got.context], request.options, request.base.asOf);
  } else {
    const metadata = params.includeMetadata ? requestMetadata(request, got.scanned) : undefined;
    const body = encode(params.outputFormat, { columns: dataset.columns, message: dataset.message, rows: got.rows, resources: got.resources, metadata });
    files = [{ name: `${dataset.name}.${CONTENT_TYPES[params.outputFormat]!.extension}`, body }];
  }
  const type = CONTENT_TYPES[params.outputFormat]!.contentType;
  const count = got.rows.length;
  if (!params.compress) return files.map((f) => ({ name: f.name, type, count, body: f.body }));
  return Promise.all(files.map(async (f) => ({ name: `${f.name}.gz`, type: 'application/gzip', count, body: await gzip(f.body) })));
}

/** The job run of a generation request on the calling thread, in slices (see server/jobs/registry.ts). */
export function generationRun(request: GenerationRequest): JobRun {
  return async (job) => {
    for (const file of await makeFiles(request, job)) await job.addOutput(file.name, file.body, file.type, file.count);
    job.progress(100);
  };
}
