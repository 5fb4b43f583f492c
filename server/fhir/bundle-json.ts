import type { Bundle, Resource } from 'fhir/r4';
import { stringifySlicedPieces } from '../../data-store/sliced-stringify.js';
import { timeSlicer } from '../../data-store/time-slicer.js';
import { encodeVersion, versionJson } from '../../data-store/version-json.js';

/**
 * The JSON bytes of an entry's resource: a stored version's (frozen: immutable) from the bytes the store keeps for
 * it, encoded in slices and kept when it has none yet; anything else (a `_summary`/`_elements` subset, an outcome)
 * encoded in slices, in pieces.
 */
function resourceJson(resource: Resource, pause: () => Promise<void>): Buffer[] | Promise<Buffer[]> {
  const kept = versionJson(resource);
  if (kept) return [kept];
  return Object.isFrozen(resource) ? encodeVersion(resource, pause).then((json) => [json]) : stringifySlicedPieces(resource, { pause, known: versionJson });
}

/**
 * The bytes of `JSON.stringify(bundle)` for a Bundle the server composed (searchset, history), in pieces to be
 * written one after another: the entries' resources are written from their own bytes, so a page of ten 5 MB
 * resources is never encoded (nor joined) in one step (and a stored version read before is not encoded again); the
 * rest of each entry (fullUrl, search, request, response) and of the Bundle is small and encoded by JSON.stringify.
 * https://hl7.org/fhir/R4/bundle.html
 */
export async function bundleJson(bundle: Bundle): Promise<Buffer[]> {
  const pause = timeSlicer();
  const pieces: Buffer[] = [];
  let text = '';
  /** `{...}` of an object's defined members in key order, `write` handling one member's value. */
  const members = async (o: object, write: (key: string, value: unknown) => Promise<void> | void): Promise<void> => {
    text += '{';
    let first = true;
    for (const [key, value] of Object.entries(o)) {
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      text += `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      await write(key, value);
    }
    text += '}';
  };
  const entry = async (key: string, value: unknown): Promise<void> => {
    if (key !== 'resource' || typeof value !== 'object' || value === null) {
      text += JSON.stringify(value);
      return;
    }
    pieces.push(Buffer.from(text, 'utf8'));
    text = '';
    pieces.push(...(await resourceJson(value as Resource, pause)));
  };
  await members(bundle, async (key, value) => {
    if (key !== 'entry' || !Array.isArray(value)) {
      text += JSON.stringify(value);
      return;
    }
    text += '[';
    for (const [i, e] of value.entries()) {
      if (i > 0) text += ',';
      if (typeof e === 'object' && e !== null) await members(e as object, entry);
      else text += JSON.stringify(e) ?? 'null';
      await pause();
    }
    text += ']';
  });
  pieces.push(Buffer.from(text, 'utf8'));
  return pieces;
}
