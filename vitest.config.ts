import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Says once per run when the corpus suites are skipped (no ../shared/corpus).
    globalSetup: ['tests/helpers/corpus.ts'],
  },
})
