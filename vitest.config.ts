import { defineConfig } from 'vitest/config';

/**
 * Test files that run against STORE=postgres too: the store contract (crud, persistence), and the PostgreSQL-only
 * ones (*.pg.test.ts). The postgres project's global setup starts one throwaway cluster, and only when one of its
 * files is selected, so `vitest run test/other.test.ts` never pays for it.
 */
const POSTGRES_FILES = ['test/data-store/crud.test.ts', 'test/data-store/persistence.test.ts', 'test/fhir/paging-as-of.test.ts', 'test/**/*.pg.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'embedded', include: ['test/**/*.test.ts'], exclude: ['test/**/*.pg.test.ts'], provide: { storeBackend: 'embedded' } } },
      { extends: true, test: { name: 'postgres', include: POSTGRES_FILES, globalSetup: ['test/postgres/global-setup.ts'], provide: { storeBackend: 'postgres' } } },
    ],
  },
});
