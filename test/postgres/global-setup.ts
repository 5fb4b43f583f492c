import type { TestProject } from 'vitest/node';
import { startCluster } from './cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Which store backend the project's tests run against (vitest.config.ts projects). */
    storeBackend: 'embedded' | 'postgres';
    /** The postgres project's cluster: its superuser URL, or why it could not start (its tests then fail). */
    postgres: { url?: string; error?: string };
  }
}

/**
 * One PostgreSQL cluster for the whole postgres project (initdb costs a second or two); each test file makes its
 * own database in it. Without PostgreSQL the error is handed on so that every postgres test fails, never skips.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  try {
    const cluster = await startCluster();
    project.provide('postgres', { url: cluster.url });
    return () => cluster.stop();
  } catch (error) {
    project.provide('postgres', { error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
