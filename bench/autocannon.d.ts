// The part of autocannon's API the benchmarks use (it ships no types).
declare module 'autocannon' {
  interface Histogram {
    average: number
    p50: number
    p99: number
    total: number
  }
  export interface Result {
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    non2xx: number
    errors: number
    duration: number
  }
  interface Options {
    url: string
    method?: string
    headers?: Record<string, string>
    body?: string
    connections?: number
    duration?: number
    /** Requests per second across all connections. */
    overallRate?: number
    requests?: { setupRequest?: (req: { body?: string; headers?: Record<string, string> }) => unknown }[]
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
