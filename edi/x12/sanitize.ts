import type { Delimiters } from './delimiters.js';

const COMBINING_MARKS = /[\u0300-\u036f]/g;
// X12 extended character set is printable ASCII; anything else (controls, non-ASCII) is replaced.
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/g;

/**
 * Makes a value safe for an X12 element: folds accents to ASCII, replaces any delimiter and any
 * non-printable character with a space, collapses spaces, trims and truncates to `max` characters.
 * No delimiter can then appear inside data (X12.6 §3.3: delimiters must not occur in data).
 */
export function sanitize(value: string, d: Delimiters, max?: number): string {
  if (isPlain(value, d)) return max !== undefined && value.length > max ? value.slice(0, max).trimEnd() : value;
  let out = value.normalize('NFD').replace(COMBINING_MARKS, '').replace(NOT_PRINTABLE_ASCII, ' ');
  for (const ch of [d.element, d.component, d.repetition, d.segment]) {
    if (out.includes(ch)) out = out.split(ch).join(' ');
  }
  out = out.replace(/\s+/g, ' ').trim();
  if (max !== undefined && out.length > max) out = out.slice(0, max).trimEnd();
  return out;
}

/** Fast path: printable ASCII, no delimiter, no leading/trailing/double space (most names and addresses). */
function isPlain(value: string, d: Delimiters): boolean {
  let previousSpace = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
    const space = c === 0x20;
    if (space && previousSpace) return false;
    previousSpace = space;
  }
  if (previousSpace && value.length > 0) return false;
  return !(value.includes(d.element) || value.includes(d.component) || value.includes(d.repetition) || value.includes(d.segment));
}
