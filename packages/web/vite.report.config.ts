import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

// report.html's page (issue #16 item 8): the web UI's graph code built into ONE script that
// storage's detect renderer inlines into each report, so the file opens offline. The CSS is
// folded into the script (it adds a <style> element), so there is one asset to read.
const inlineCss = (): Plugin => ({
  name: 'vigil-inline-css',
  enforce: 'post',
  generateBundle(_options, bundle) {
    const css = Object.values(bundle)
      .filter((f) => f.type === 'asset' && f.fileName.endsWith('.css'))
      .map((f) => {
        delete bundle[f.fileName]
        return f.type === 'asset' ? String(f.source) : ''
      })
      .join('\n')
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue
      const style = `(()=>{const s=document.createElement('style');s.textContent=${JSON.stringify(css)};document.head.appendChild(s)})();`
      chunk.code = style + chunk.code
    }
  },
})

export default defineConfig({
  plugins: [react(), inlineCss()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist/report',
    emptyOutDir: true,
    sourcemap: false,
    minify: true,
    lib: {
      entry: 'src/report/report-main.tsx',
      formats: ['iife'],
      name: 'VigilReport',
      fileName: () => 'vigil-report.js',
    },
  },
})
