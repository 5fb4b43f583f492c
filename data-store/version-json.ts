import { stringifySliced } from './sliced-stringify.js';

/**
 * The JSON bytes of stored versions, by version object. A stored version is never changed, so its text is encoded
 * once and reused: the store encodes each version it writes (in slices: a 20 MB resource must not hold the event
 * loop), the write log and the write's HTTP answer reuse those bytes, and reads reuse what they encoded. Bounded by
 * count and bytes (a full crawl must not hold a second copy of the population): dropped whole when full, after
 * which a version is simply encoded again.
 */
const byVersion = new Map<object, Buffer>();
const MAX_VERSIONS = 20_000;
const MAX_BYTES = 128 * 1024 * 1024;
let bytes = 0;
/** Bytes that came with a version decoded from text (compact/patient-rows.ts): they live as long as the version. */
const decoded = new WeakMap<object, Buffer>();

/** The JSON bytes kept for a stored version, if any. */
export function versionJson(version: object): Buffer | undefined {
  return byVersion.get(version) ?? decoded.get(version);
}

/** Attaches to a version decoded from JSON text the bytes of that text, which must be `JSON.stringify(version)`. */
export function attachVersionJson(version: object, json: Buffer): void {
  decoded.set(version, json);
}

/** Keeps the JSON bytes of a stored version (`JSON.stringify` of it, UTF-8). */
export function keepVersionJson(version: object, json: Buffer): Buffer {
  const kept = byVersion.get(version);
  if (kept) return kept;
  if (byVersion.size >= MAX_VERSIONS || bytes + json.length > MAX_BYTES) {
    byVersion.clear();
    bytes = 0;
  }
  byVersion.set(version, json);
  bytes += json.length;
  return json;
}

/** The JSON bytes of a stored version: the kept ones, or encoded now in slices (and kept); `pause`: see stringifySliced. */
export async function encodeVersion(version: object, pause?: () => Promise<void>): Promise<Buffer> {
  return versionJson(version) ?? keepVersionJson(version, await stringifySliced(version, { pause }));
}
