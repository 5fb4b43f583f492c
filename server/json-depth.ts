/** Deepest nesting of arrays and objects a JSON body may have; FHIR resources need far less (R4 examples: 15). */
export const MAX_JSON_DEPTH = 100;

/** A JSON text nested deeper than the limit. */
export class JsonTooDeep extends Error {
  constructor(readonly limit: number) {
    super(`JSON nested deeper than ${limit} levels`);
    this.name = 'JsonTooDeep';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * Measures the nesting of a JSON text as its UTF-8 bytes arrive, chunk by chunk, in one linear pass and constant
 * memory, so a body too deep for the recursive code behind JSON.parse (validation, cloning, indexing) is refused
 * before any of it runs. Structural characters are ASCII and never occur inside a UTF-8 multi-byte sequence, so
 * bytes can be scanned without decoding; malformed JSON is left for JSON.parse to report.
 */
export class JsonDepthScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly limit = MAX_JSON_DEPTH) {}

  /** Scans the next chunk; throws JsonTooDeep as soon as the limit is passed. */
  push(chunk: Uint8Array): void {
    let { depth, inString, escaped } = this;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) inString = true;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (++depth > this.limit) throw new JsonTooDeep(this.limit);
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
  }
}

/** Throws JsonTooDeep when a whole JSON text (bytes or string) nests deeper than `limit`. */
export function assertJsonDepth(text: Uint8Array | string, limit = MAX_JSON_DEPTH): void {
  new JsonDepthScanner(limit).push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
}
