// Bundles the compiled server into dist/bundle/ with esbuild (issue 13): one ESM file for `cdg` plus one per worker
// entry, so a start resolves and compiles a handful of files instead of ~270 modules of our own and the packages'
// hundreds. Run by `npm run build` after tsc; bin/cdg.js uses dist/bundle/cli.js when it exists.
// Usage: node scripts/bundle.js [outdir]   (default dist/bundle; any directory two levels below the repository)
// Every output file sits directly in dist/bundle/ (same depth as dist/server/), so `new URL('./x-worker.js',
// import.meta.url)` finds the worker entries and '../../package.json' the package file as it does from dist/.
// https://esbuild.github.io/api/#splitting
import { build } from 'esbuild';
import { cpSync } from 'node:fs';

/**
 * Packages left to node_modules: native or optional ones (ssh2, pg and its native binding), what reads its own files
 * at run time (pino's transports start worker threads by file name, swagger-ui-dist serves its directory, chart.js is
 * sent as a file), and what is loaded lazily through createRequire anyway (fhirpath, ajv, the schema packages).
 */
const EXTERNAL = [
  'ssh2', 'pg', 'pg-native', 'pino', 'pino-pretty', 'thread-stream', 'swagger-ui-express', 'swagger-ui-dist', 'chart.js',
  '@aws-sdk/*', '@medplum/*', '@asymmetrik/*', 'fhirpath', 'ajv', 'cpu-features',
];

const outdir = process.argv[2] ?? 'dist/bundle';

await build({
  entryPoints: {
    cli: 'server/cli.ts',
    'validation-worker': 'server/fhir/validation-worker.ts',
    'generation-worker': 'server/api/generation-worker.ts',
    'generate-worker': 'population/generate-worker.ts',
    'index-worker': 'data-store/compact/index-worker.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  external: EXTERNAL,
  // CommonJS packages bundled into ESM call require() for node built-ins; give them one.
  banner: { js: "import { createRequire as __cdgCreateRequire } from 'node:module'; const require = __cdgCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
cpSync('server/console/public', `${outdir}/public`, { recursive: true });
