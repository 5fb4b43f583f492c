/** One CSV field per RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | undefined | null): string {
  const s = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record terminated by CRLF, as RFC 4180 specifies. */
export function csvRecord(values: ReadonlyArray<string | number | undefined | null>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
