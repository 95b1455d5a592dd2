// Summaries of timing samples (pure). Percentiles by the nearest-rank method: p99 of 200 samples is
// the 198th smallest, a value that was actually observed.

export interface Summary {
  runs: number;
  p50Ms: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("no samples");
  if (p <= 0 || p > 100) throw new Error(`percentile ${p} is outside (0, 100]`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Milliseconds rounded to 0.01 (more digits would only be noise). */
export function ms(value: number): number {
  return Math.round(value * 100) / 100;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    runs: samples.length,
    p50Ms: ms(percentile(samples, 50)),
    p99Ms: ms(percentile(samples, 99)),
    minMs: ms(Math.min(...samples)),
    maxMs: ms(Math.max(...samples)),
  };
}

export function ratio(value: number, floor: number): number {
  return Math.round((value / floor) * 100) / 100;
}
