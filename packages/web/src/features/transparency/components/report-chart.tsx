import type { TransparencyReport } from '@vigil/contracts'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import { maskedRange } from './masked-count.js'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer])

/**
 * Requests per country and legal process, and the share where some data was produced. A
 * masked count (1 to 9) is drawn as a band from 1 to 9 over what is known for certain, never as
 * 9; the share, exact in the report, is a percentage on its own axis. Drawn as SVG so its text
 * stays selectable; the table beside it carries the figures.
 */
export function ReportChart({ report }: { readonly report: TransparencyReport }) {
  const el = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!el.current) return
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' })
    const rows = report.rows
    const labels = rows.map((r) => `${r.countryName} · ${r.process}`)
    const ranges = rows.map((r) => maskedRange(r.requests))
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 3 ? 20 : 0 } },
      yAxis: [
        { type: 'value', minInterval: 1, name: 'Requests' },
        { type: 'value', min: 0, max: 100, name: 'Some data produced', axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        { name: 'Requests', type: 'bar', stack: 'requests', data: ranges.map(([lo]) => lo), itemStyle: { color: '#0b5cad' } },
        {
          name: 'Masked: between 1 and 9',
          type: 'bar',
          stack: 'requests',
          data: ranges.map(([lo, hi]) => hi - lo),
          itemStyle: { color: '#9cc3eb', borderColor: '#0b5cad', borderType: 'dashed' },
        },
        {
          name: 'Some data produced (%)',
          type: 'line',
          yAxisIndex: 1,
          data: rows.map((r) => r.pctSomeDataProduced),
          itemStyle: { color: '#8a5a00' },
        },
      ],
    })
    const resize = () => chart.resize()
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      chart.dispose()
    }
  }, [report])
  return (
    <div
      ref={el}
      className="chart"
      role="img"
      aria-label={`Requests per country and legal process, with masked counts as a band from 1 to 9, and the percentage with some data produced, ${report.period}`}
    />
  )
}
