// The renderer build. base './' because the same files are loaded from the app's own
// protocol (or file://) in Electron and from / in browser mode.
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // Electron 45 and Debian's Chromium: no need to down-level.
    target: 'chrome130',
    // The polyfill would be one more script to allow; every target supports modulepreload.
    modulePreload: { polyfill: false },
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
})
