import { readRecordings } from '../../src/format/reader.js';
import { percentile } from './proc.js';

export interface PeriodStats {
  samples: number;
  meanMs: number;
  p95Ms: number;
  maxMs: number;
}

/**
 * Achieved sampling period from the MEM timestamps of a recording (mprof's or memprof's), leaving out
 * the first `skipSeconds` (start-up). Timestamps have 0.1 ms resolution.
 */
export function periodStats(file: string, skipSeconds = 1): PeriodStats | null {
  const times = readRecordings(file)[0]?.mem.t ?? [];
  const from = (times[0] ?? 0) + skipSeconds;
  const steady = times.filter((t) => t >= from);
  if (steady.length < 3) return null;
  const gaps: number[] = [];
  for (let i = 1; i < steady.length; i++) gaps.push((steady[i]! - steady[i - 1]!) * 1000);
  return {
    samples: steady.length,
    meanMs: ((steady.at(-1)! - steady[0]!) * 1000) / gaps.length,
    p95Ms: percentile(gaps, 95),
    maxMs: Math.max(...gaps),
  };
}
