import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// Builds the React renderer only; the main side is compiled by tsc (electron/tsconfig.build.json).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
})
