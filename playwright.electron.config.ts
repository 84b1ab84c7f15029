// The Electron end-to-end suite: runs where Electron's runtime is installed, and
// says plainly that it was skipped where it is not (see tests/e2e-electron).
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: 'tests/e2e-electron',
  testMatch: '*.spec.ts',
  workers: 1,
  reporter: [['list']],
  timeout: 60_000,
})
