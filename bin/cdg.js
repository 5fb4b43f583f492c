#!/usr/bin/env node
// Entry for the `cdg` bin: runs the compiled CLI (built by `npm ci` via the prepare script);
// in a checkout without a build it falls back to the TypeScript sources through tsx.
// Without an explicit --max-old-space-size it first re-runs itself with one sized to the machine (heap-limit.js).
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultHeapMb, hasHeapLimit, relaunchWithHeapLimit } from './heap-limit.js';

if (!hasHeapLimit()) {
  relaunchWithHeapLimit(defaultHeapMb());
} else {
  // Node >= 22.1 keeps V8's compiled code of the ~270 modules a start loads on disk (in the OS temporary directory)
  // and reuses it on the next start; a no-op where unavailable. https://nodejs.org/api/module.html#moduleenablecompilecachecachedir
  nodeModule.enableCompileCache?.();
  const compiled = fileURLToPath(new URL('../dist/server/cli.js', import.meta.url));
  if (existsSync(compiled)) {
    await import(pathToFileURL(compiled).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(new URL('../server/cli.ts', import.meta.url).href);
  }
}
