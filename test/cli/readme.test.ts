import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../server/ops/settings.js';
import { ROOT } from './run-cli.js';

const readme = readFileSync(`${ROOT}README.md`, 'utf8');

describe('README', () => {
  it('opens with exactly the two newcomer commands', () => {
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].slice(0, 2).map((m) => m[1].trim());
    expect(blocks).toEqual(['npm ci && npm start', 'npm ci && npm test']);
    expect(readme.indexOf('npm ci && npm start')).toBeLessThan(readme.indexOf('## '));
  });

  it('documents every setting with its flag and environment variable', () => {
    for (const spec of SETTINGS) {
      expect(readme, spec.flag).toContain(`\`${spec.flag}`);
      expect(readme, spec.env).toContain(`\`${spec.env}\``);
    }
  });
});
