import { defineConfig } from 'vitest/config';

/**
 * Test files that run against STORE=postgres too: the store contract (crud, persistence), and the PostgreSQL-only
 * ones (*.pg.test.ts). The postgres project's global setup starts one throwaway cluster, and only when one of its
 * files is selected, so `vitest run test/other.test.ts` never pays for it.
 */
const POSTGRES_FILES = ['test/data-store/crud.test.ts', 'test/data-store/persistence.test.ts', 'test/fhir/paging-as-of.test.ts', 'test/ops/start-loading.test.ts', 'test/data-store/compact/regenerated-store.test.ts', 'test/**/*.pg.test.ts'];

/**
 * Test files that keep a fresh module graph each (vitest's default isolation) because they change process-wide
 * state or depend on the process itself: they spawn the CLI and set their own timeouts (vi.setConfig), set
 * credentials in process.env (storage), drive a browser against in-process timing (console/browser), or freeze a
 * generated population deeply (frozen-base: generated resources share module-level constant objects, such as codings,
 * which would stay frozen for every later file in the worker; fhirpath annotates its results and then throws), or
 * measure how long the event loop is held (bounded-work, start-loading: in a worker whose heap a hundred earlier
 * files had grown, the collector's marking on the main thread made 50-80 ms steps take 320-400 ms in one CI run;
 * retaining 8M small objects in the file's own process reproduces it).
 */
const ISOLATED_FILES = ['test/cli/**/*.test.ts', 'test/storage/storage.test.ts', 'test/console/browser.test.ts', 'test/data-store/frozen-base.test.ts', 'test/ops/bounded-work.test.ts', 'test/ops/start-loading.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      // The other files share their worker's loaded modules (isolate: false): importing the app's ~300 modules into
      // a fresh graph for each of ~120 files was a third of the suite's time. Each file still builds its own store,
      // app and population; what a worker keeps between files is modules and their caches.
      { extends: true, test: { name: 'embedded', include: ['test/**/*.test.ts'], exclude: ['test/**/*.pg.test.ts', ...ISOLATED_FILES], isolate: false, provide: { storeBackend: 'embedded' } } },
      { extends: true, test: { name: 'isolated', include: ISOLATED_FILES, provide: { storeBackend: 'embedded' } } },
      { extends: true, test: { name: 'postgres', include: POSTGRES_FILES, globalSetup: ['test/postgres/global-setup.ts'], provide: { storeBackend: 'postgres' } } },
    ],
  },
});
