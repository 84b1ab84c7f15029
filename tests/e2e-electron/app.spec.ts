// The packaged app's main path in a real Electron window, through Playwright's
// _electron (Spectron is archived). Electron's runtime is downloaded by its npm
// package on first use; where it is absent (no internet) this suite is skipped
// with the reason printed, and browser mode's suite covers the renderer.
import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

function electronBinary(): string | null {
  const dir = join(root, 'node_modules', 'electron')
  try {
    const bin = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim())
    return existsSync(bin) ? bin : null
  } catch {
    return null
  }
}

const bin = electronBinary()
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
const skipReason = !bin
  ? "SKIPPED: Electron's runtime is not installed on this machine (it downloads on first use and the network is closed); the renderer is tested in Chromium through browser mode instead."
  : headless
    ? 'SKIPPED: no display (run under xvfb-run to include the Electron suite).'
    : ''
if (skipReason) console.log(skipReason)

test.describe('Offprint in Electron', () => {
  test.skip(!!skipReason, skipReason)

  test('opens the sample library in a sandboxed window and shows an article with related items', async () => {
    const data = mkdtempSync(join(tmpdir(), 'offprint-electron-'))
    const app = await electron.launch({ executablePath: bin!, args: [root, '--data', data] })
    try {
      const win = await app.firstWindow()
      expect(win.url()).toBe('app://offprint/index.html')
      const nodeInRenderer = await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)
      expect(nodeInRenderer).toBe('undefined')
      const first = win.getByRole('option').first()
      await expect(first).toBeVisible()
      await first.click()
      await expect(win.getByRole('heading', { name: 'Related news' })).toBeVisible()
      await expect(win.getByRole('heading', { name: 'Recent articles' })).toBeVisible()
    } finally {
      await app.close()
      rmSync(data, { recursive: true, force: true })
    }
  })
})
