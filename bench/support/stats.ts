/** Throughput and latency percentiles of one load run. */
export interface LoadFigures {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  errors: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function figures(latencies: number[], seconds: number, errors: number): LoadFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: sorted.length, seconds, rps: sorted.length / seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), errors };
}

export const ms = (v: number) => `${v.toFixed(1)} ms`;
export const rps = (v: number) => `${v.toFixed(0)} req/s`;
