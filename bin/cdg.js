#!/usr/bin/env node
// Entry for the `cdg` bin: runs the compiled CLI (built by `npm ci` via the prepare script);
// in a checkout without a build it falls back to the TypeScript sources through tsx.
// Without an explicit --max-old-space-size it first re-runs itself with one sized to the machine (heap-limit.js).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultHeapMb, hasHeapLimit, relaunchWithHeapLimit } from './heap-limit.js';

if (!hasHeapLimit()) {
  relaunchWithHeapLimit(defaultHeapMb());
} else {
  const compiled = fileURLToPath(new URL('../dist/server/cli.js', import.meta.url));
  if (existsSync(compiled)) {
    await import(pathToFileURL(compiled).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(new URL('../server/cli.ts', import.meta.url).href);
  }
}
