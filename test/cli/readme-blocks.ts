/**
 * The fenced code blocks of the README and what the README test does with each. A block is run unless an HTML
 * comment right before it says otherwise, so nothing is skipped silently:
 * - `<!-- not-run: reason -->`   not run (the reason is required: e.g. it installs, needs Docker, is a benchmark);
 * - `<!-- run: until-ready ... -->` a long-running `cdg serve`: started, awaited until ready, stopped at the end;
 * - `<!-- file: name -->`         a file the other blocks use (an X12 sample): written to the working directory.
 */
export interface ReadmeBlock {
  /** The fence's info string (`sh`, `js`, `x12`, `yaml`, ...; '' when none). */
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  marker?: { kind: 'not-run' | 'run' | 'file'; value: string };
}

const FENCE = /^```(\S*)\s*$/;
const MARKER = /^<!--\s*(not-run|run|file):\s*(.*?)\s*-->\s*$/;

/** Every fenced block of `markdown`, with the marker comment that precedes it (blank lines allowed between). */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    let before = start - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const m = before >= 0 ? MARKER.exec(lines[before]) : null;
    const block: ReadmeBlock = { lang: open[1], code: `${body.join('\n')}\n`, line: start + 1 };
    if (m) block.marker = { kind: m[1] as 'not-run' | 'run' | 'file', value: m[2] };
    blocks.push(block);
  }
  return blocks;
}

/** Points the documented defaults (HTTP 8080, SFTP 2222) at the test server's ports. */
export function withPorts(code: string, http: number, sftp: number): string {
  return code
    .replace(/\b(?:localhost|127\.0\.0\.1):8080\b/g, `127.0.0.1:${http}`)
    .replace(/-P 2222\b/g, `-P ${sftp}`);
}
