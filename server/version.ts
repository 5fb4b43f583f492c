import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package version from package.json (one level up from server/ in sources, two from dist/server/). */
export function packageVersion(): string {
  if (cached) return cached;
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'clinical-data-generator' && pkg.version) return (cached = pkg.version);
    } catch {
      // not at this level; try the next
    }
  }
  return (cached = '0.0.0');
}
