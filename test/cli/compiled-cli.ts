import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The CLI as plain JavaScript, compiled from the current sources for the tests that spawn `cdg`.
 *
 * Spawning `node --import tsx server/cli.ts` costs about twice the CPU of running compiled JavaScript (tsx's loader
 * hooks see every one of the ~270 modules a start loads, in each process and each worker thread), and the CLI tests
 * spawn it dozens of times. So the sources are transpiled once, with esbuild (the compiler tsx itself uses, so the
 * code is the same), into node_modules/.cache/cdg-cli/<hash of the sources>/, laid out like dist/ (package.json
 * and proto/ beside it, the console's static files copied). A change to any source file gives a new hash, so the
 * tests never run stale code, unlike a dist/ left from an earlier build; an unchanged tree reuses the last one.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'cdg-cli');
/** What the build compiles: the directories of tsconfig.build.json, as dist/ has them. */
const SOURCE_DIRS = (JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] }).include;
/** Beside the compiled tree, where the code looks for them from dist/ (version.ts, api/proto.ts). */
const EXTRAS = ['package.json', 'proto'];
/** Other runs' trees are removed once this old (a run in progress may still use one). */
const STALE_MS = 60 * 60 * 1000;

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(ROOT.length))
    .sort();
}

function sourceHash(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(ROOT, file))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

async function compile(files: string[], out: string): Promise<void> {
  const entryPoints = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts')).map((f) => join(ROOT, f));
  await build({ entryPoints, outdir: out, outbase: ROOT, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
  for (const file of files.filter((f) => !f.endsWith('.ts'))) cpSync(join(ROOT, file), join(out, file));
  for (const extra of EXTRAS) cpSync(join(ROOT, extra), join(out, extra), { recursive: true });
}

function removeStale(keep: string): void {
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    if (name !== keep && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}

let compiled: Promise<string> | undefined;

/** The compiled tree's root (with server/cli.js in it), built on first use in this process when missing. */
export function compiledRoot(): Promise<string> {
  compiled ??= (async () => {
    const files = SOURCE_DIRS.flatMap(filesUnder);
    const hash = sourceHash([...files, ...EXTRAS.flatMap((e) => (statSync(join(ROOT, e)).isDirectory() ? filesUnder(e) : [e]))]);
    const target = join(CACHE, hash);
    if (existsSync(join(target, 'server', 'cli.js'))) return target;
    mkdirSync(CACHE, { recursive: true });
    // Built aside and renamed into place, so a parallel test file never sees half a tree.
    const partial = `${target}.partial-${process.pid}`;
    await compile(files, partial);
    try {
      renameSync(partial, target);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another process put the same tree there first
    }
    removeStale(hash);
    return target;
  })();
  return compiled;
}

/** `node` arguments that run the compiled CLI: `[<root>/server/cli.js]`. */
export async function cliEntry(): Promise<string[]> {
  return [join(await compiledRoot(), 'server', 'cli.js')];
}
