import type { Patient } from 'fhir/r4';

/**
 * The generated Patients of one index chunk, kept as their JSON text so that a Patient search's page decodes them
 * (~10 us each) instead of regenerating each patient's people part (~50-90 us, most of it the household's Faker
 * draws): at a million patients the default page of a name or birthdate search is 21 patients of different
 * households. The text is compressed by replacing the chunk's most frequent JSON strings (extension and code-system
 * URLs, key names) with one control character each: JSON text never holds a raw U+0001-U+001F (JSON.stringify
 * escapes them, RFC 8259 section 7), so the replacement is undone exactly. ~960 bytes a Patient instead of ~2,160.
 */
export interface PatientRows {
  /** The chunk's tokens: token k stands for the character U+0001 + k. */
  tokens: string[];
  /** The encoded rows, UTF-8, one after another: row k is text[ends[k - 1] .. ends[k]) (ends[-1] = 0). */
  text: Uint8Array;
  ends: Uint32Array;
}

/** One control character per token: U+0001 .. U+001F. */
const MAX_TOKENS = 31;
/** Rows the tokens are chosen from (the first of the chunk): enough to see every fixed string of a Patient. */
const SAMPLE_ROWS = 64;
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;
const CONTROL = /[\u0001-\u001f]/g;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The JSON strings (quotes included) that save the most characters when replaced by one character each. */
function chooseTokens(rows: string[]): string[] {
  const saved = new Map<string, number>();
  for (const row of rows.slice(0, SAMPLE_ROWS)) {
    for (const [s] of row.matchAll(JSON_STRING)) if (s.length > 3) saved.set(s, (saved.get(s) ?? 0) + s.length - 1);
  }
  return [...saved].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_TOKENS).map(([s]) => s);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Encodes the JSON texts of a chunk's Patients, in patient order. */
export function encodePatientRows(rows: string[]): PatientRows {
  const tokens = chooseTokens(rows);
  const code = new Map(tokens.map((t, k) => [t, String.fromCharCode(k + 1)]));
  // Longest first, so that a token is never cut by a shorter one it starts with.
  const pattern = new RegExp([...tokens].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|') || '(?!)', 'g');
  const encoded = rows.map((row) => encoder.encode(row.replace(pattern, (t) => code.get(t)!)));
  const ends = new Uint32Array(rows.length);
  let at = 0;
  encoded.forEach((bytes, k) => (ends[k] = at += bytes.length));
  const text = new Uint8Array(at);
  encoded.forEach((bytes, k) => text.set(bytes, k === 0 ? 0 : ends[k - 1]));
  return { tokens, text, ends };
}

/** The JSON text of row k. */
export function patientRowJson(rows: PatientRows, k: number): string {
  const text = decoder.decode(rows.text.subarray(k === 0 ? 0 : rows.ends[k - 1], rows.ends[k]));
  return text.replace(CONTROL, (c) => rows.tokens[c.charCodeAt(0) - 1]);
}

/** A decoded row: the Patient (a new object each call) and the text it was parsed from. */
export interface DecodedPatient {
  patient: Patient;
  json: string;
}

/** The Patient of row k and its text. */
export function patientRow(rows: PatientRows, k: number): DecodedPatient {
  const json = patientRowJson(rows, k);
  return { patient: JSON.parse(json) as Patient, json };
}

/** The transferable buffers of the rows (moved, not copied, between threads). */
export function patientRowBuffers(rows: PatientRows): ArrayBuffer[] {
  return [rows.text.buffer as ArrayBuffer, rows.ends.buffer as ArrayBuffer];
}

/** Bytes the rows hold (their tokens at 2 per character). */
export function patientRowBytes(rows: PatientRows): number {
  return rows.text.byteLength + rows.ends.byteLength + rows.tokens.reduce((n, t) => n + 2 * t.length, 0);
}
