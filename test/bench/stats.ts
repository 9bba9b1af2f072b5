/** The statistics every bench section reports: a median of rounds, a percentile of latencies. */

/** The middle value (the upper one of an even count). */
export function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

/** The p-quantile, 0 <= p <= 1 (nearest rank, never past the last value). */
export function pct(xs: number[], p: number): number { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; }
