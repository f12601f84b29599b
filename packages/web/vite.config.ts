import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The API runs on vigil serve; in development the dev server proxies to it.
export default defineConfig({
  plugins: [react()],
  // No source maps in the production build: they would publish the whole source (5.9 MB).
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/taxii2': 'http://127.0.0.1:8080',
    },
  },
})
