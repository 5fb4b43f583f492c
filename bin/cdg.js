#!/usr/bin/env node
// Entry for the `cdg` bin: runs the bundled CLI (dist/bundle/, built by `npm ci` via the prepare script), else the
// compiled modules (dist/server/), else the TypeScript sources through tsx (a checkout without a build).
// Without an explicit --max-old-space-size, when the configured population needs more heap than node has by
// default, it first re-runs itself with a limit sized to the machine (heap-limit.js).
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultHeapMb, hasHeapLimit, needsRelaunch, relaunchWithHeapLimit } from './heap-limit.js';

const heapMb = defaultHeapMb();
if (!hasHeapLimit() && needsRelaunch(heapMb)) {
  relaunchWithHeapLimit(heapMb);
} else {
  // Node >= 22.1 keeps V8's compiled code of the modules a start loads on disk (in the OS temporary directory)
  // and reuses it on the next start; a no-op where unavailable. https://nodejs.org/api/module.html#moduleenablecompilecachecachedir
  nodeModule.enableCompileCache?.();
  const entry = ['../dist/bundle/cli.js', '../dist/server/cli.js'].map((rel) => fileURLToPath(new URL(rel, import.meta.url))).find((path) => existsSync(path));
  if (entry) {
    await import(pathToFileURL(entry).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(new URL('../server/cli.ts', import.meta.url).href);
  }
}
