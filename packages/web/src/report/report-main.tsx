import type { ReportData } from '@vigil/contracts'
import { createRoot } from 'react-dom/client'
import { ReportApp } from './report-app.js'
import './report.css'

// report.html carries its data in <script id="vigil-report-data" type="application/json">,
// written and checked against ReportData by storage's detect/render-report.ts; this bundle
// is inlined after it (and leaves zod out, which would double its size).
const source = document.getElementById('vigil-report-data')?.textContent ?? 'null'
const root = document.getElementById('root')
if (root) createRoot(root).render(<ReportApp data={JSON.parse(source) as ReportData} />)
