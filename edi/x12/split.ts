const PADDING = new Set([0xfeff, 0x20, 0x09, 0x0a, 0x0d]);

/**
 * Cuts a body holding several interchanges one after another (ISA ... IEA, ISA ... IEA) into one text per
 * interchange, each with the delimiters its own ISA declares (X12.5: an interchange ends with its IEA
 * segment). Padding between them is dropped. An ISA without its IEA is kept whole as the last piece, and data
 * that starts no ISA stays with the interchange before it, for the parser to answer with a TA1. Linear in the
 * body's size.
 */
export function splitInterchanges(text: string): string[] {
  const out: string[] = [];
  let at = skipPadding(text, 0);
  while (at < text.length) {
    const end = text.startsWith('ISA', at) && text.length >= at + 106 ? interchangeEnd(text, at) : -1;
    if (end < 0) {
      // Data that is no interchange stays with the one before it, which the parser then refuses whole
      // (TA1 022, data after IEA) rather than half-processed.
      if (out.length > 0 && !text.startsWith('ISA', at)) out[out.length - 1] += text.slice(at);
      else out.push(text.slice(at));
      break;
    }
    out.push(text.slice(at, end));
    at = skipPadding(text, end);
  }
  return out.length > 0 ? out : [text];
}

function skipPadding(text: string, from: number): number {
  let i = from;
  while (i < text.length && PADDING.has(text.charCodeAt(i))) i++;
  return i;
}

/** Where the interchange starting at `start` ends: after its IEA segment's terminator; -1 without an IEA. */
function interchangeEnd(text: string, start: number): number {
  const element = text[start + 3];
  const terminator = text[start + 105];
  let search = start + 106;
  for (;;) {
    const i = text.indexOf(`IEA${element}`, search);
    if (i < 0) return -1;
    let j = i - 1;
    while (j > start && PADDING.has(text.charCodeAt(j))) j--;
    if (text[j] === terminator) {
      const t = text.indexOf(terminator, i);
      return t < 0 ? text.length : t + 1;
    }
    search = i + 1;
  }
}
