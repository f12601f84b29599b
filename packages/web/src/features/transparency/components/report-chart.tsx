import type { TransparencyReport } from '@vigil/contracts'
import { BarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer])

// Published counts from 1 to 9 are masked as "<10"; the chart draws them at 9, the most they can be.
const drawn = (n: number | '<10') => (n === '<10' ? 9 : n)

/**
 * Requests per legal process, and the share where some data was produced. Drawn as SVG so it
 * needs no canvas and its text stays selectable; the table beside it carries the exact figures.
 */
export function ReportChart({ report }: { readonly report: TransparencyReport }) {
  const el = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!el.current) return
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' })
    const byProcess = new Map<string, { requests: number; produced: number }>()
    for (const r of report.rows) {
      const acc = byProcess.get(r.process) ?? { requests: 0, produced: 0 }
      acc.requests += drawn(r.requests)
      acc.produced += drawn(r.requestsSomeDataProduced)
      byProcess.set(r.process, acc)
    }
    const processes = [...byProcess.keys()]
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: processes, axisLabel: { interval: 0, rotate: processes.length > 4 ? 20 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: 'Requests', type: 'bar', data: processes.map((p) => byProcess.get(p)?.requests ?? 0), itemStyle: { color: '#0b5cad' } },
        {
          name: 'Some data produced',
          type: 'bar',
          data: processes.map((p) => byProcess.get(p)?.produced ?? 0),
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
      aria-label={`Requests and requests with data produced, per legal process, ${report.period}`}
    />
  )
}
