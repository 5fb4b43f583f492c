/** Ordinal string comparison (code units): stable across machines and locales, and much cheaper than localeCompare. */
export function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
