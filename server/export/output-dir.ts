import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The output directory can't be used: the message is one line naming the path and the reason. */
export class OutputDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputDirError';
  }
}

function kindOf(path: string): 'dir' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/**
 * Makes sure `dir` is a directory we can create files in, creating missing levels one at a time.
 * Not `mkdirSync(dir, { recursive: true })`: on pseudo file systems such as /proc that never ends (each
 * attempt answers ENOENT for a parent that exists), and on a regular file it throws a bare EEXIST.
 */
export function ensureOutputDir(dir: string): void {
  const target = resolve(dir);
  const missing: string[] = [];
  let at = target;
  while (kindOf(at) === 'missing' && dirname(at) !== at) {
    missing.unshift(at);
    at = dirname(at);
  }
  if (kindOf(at) !== 'dir') {
    throw new OutputDirError(`--out ${JSON.stringify(dir)}: ${at === target ? 'exists and is not a directory' : `${at} is not a directory`}`);
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'EEXIST' && kindOf(level) === 'dir') continue;
      throw new OutputDirError(`--out ${JSON.stringify(dir)}: cannot create ${level} (${code})`);
    }
  }
}
