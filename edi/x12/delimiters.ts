/** X12 delimiters (ASC X12.5/X12.6 interchange control structure): element, component (ISA16), repetition (ISA11), segment terminator. */
export interface Delimiters {
  element: string;
  component: string;
  repetition: string;
  segment: string;
}

/** The delimiters most trading partners use: `*`, `:`, `^`, `~`. */
export const DEFAULT_DELIMITERS: Delimiters = { element: '*', component: ':', repetition: '^', segment: '~' };

/** Problems with a delimiter set (each one character, all distinct, none alphanumeric or space); empty when valid. */
export function delimiterProblems(d: Delimiters): string[] {
  const problems: string[] = [];
  const all = [d.element, d.component, d.repetition, d.segment];
  for (const [name, value] of Object.entries(d)) {
    if (typeof value !== 'string' || value.length !== 1) problems.push(`${name} delimiter must be one character`);
    else if (/[A-Za-z0-9 ]/.test(value)) problems.push(`${name} delimiter must not be a letter, digit or space`);
    else if (value.charCodeAt(0) > 0xff || value.charCodeAt(0) < 0x01) problems.push(`${name} delimiter must be a single-byte character`);
  }
  if (new Set(all).size !== all.length) problems.push('delimiters must be distinct');
  return problems;
}
