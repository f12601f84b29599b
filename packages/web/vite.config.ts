import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The API runs on vigil serve; in development the dev server proxies to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/taxii2': 'http://127.0.0.1:8080',
    },
  },
})
