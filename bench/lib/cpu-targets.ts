import type { BenchOptions } from './args.js';
import type { Summary } from './measure.js';
import { fmt, ratio } from './table.js';
import { targets } from './targets.js';

/** memprof's and mprof's summaries, by interval in seconds. */
export type CpuResults = Map<number, { mine: Summary; theirs: Summary | undefined }>;

/**
 * The CPU targets are rates, so they are judged on the steady state (seconds 30-90): the
 * first window (seconds 2-12) also carries a one-time cost of start-up settling (V8's first optimizing
 * compiles and its memory reducer's collection of the main thread's start-up heap), shown beside it in ms.
 * With --quick there is no steady state, and the first window is judged instead.
 */
export function judgeCpu(window: CpuResults, steady: CpuResults | null, options: BenchOptions): void {
  const judged = steady ?? window;
  const label = labels(options);
  const tenMs = judged.get(0.01);
  const hundredMs = judged.get(0.1);
  if (tenMs) {
    const { mine: m, theirs: p } = tenMs;
    targets.push({
      target: 'own CPU, -M -C @10 ms, 5-process tree: ≤ 1/10 of mprof, about 3% or less',
      measured: measured(m, p, steady !== null, label),
      met: m.cpuPercent <= 3 && (!p || m.cpuPercent <= p.cpuPercent / 10),
    });
    // Stricter, for the steady state a long CI job pays: what a lighter profiler is held to.
    targets.push({
      target: 'own CPU, -M -C @10 ms, steady state: ≤ 2%',
      measured: measured(m, p, steady !== null, label),
      met: steady !== null && m.cpuPercent <= 2,
    });
  }
  if (hundredMs) {
    const { mine: m, theirs: p } = hundredMs;
    targets.push({
      target: 'own CPU, -M -C @100 ms: < 0.5%',
      measured: measured(m, p, steady !== null, label),
      met: m.cpuPercent < 0.5,
    });
    targets.push({
      target: 'own CPU, -M -C @100 ms, steady state: ≤ 0.3%',
      measured: measured(m, p, steady !== null, label),
      met: steady !== null && m.cpuPercent <= 0.3,
    });
  }
}

interface Labels {
  first: string;
  steady: string;
}

function labels(options: BenchOptions): Labels {
  const span = (from: number, length: number) => `seconds ${from}-${from + length}`;
  const steady = options.steady;
  return {
    first: span(options.warmupSeconds, options.windowSeconds),
    steady: steady ? span(steady.warmupSeconds, steady.windowSeconds) : '',
  };
}

function measured(m: Summary, p: Summary | undefined, isSteady: boolean, label: Labels): string {
  const vs = p ? `, ${ratio(m.cpuPercent, p.cpuPercent)} of mprof's ${fmt(p.cpuPercent, 2)}%` : '';
  if (!isSteady) return `${fmt(m.cpuPercent, 2)}%${vs} (${label.first}; run without --quick for the steady state)`;
  const oneOff = m.oneOffMs === null ? '' : `, ${fmt(m.oneOffMs, 0)} ms of it one-time`;
  return `${fmt(m.cpuPercent, 2)}%${vs} (${label.steady}); ${label.first}: ${fmt(m.firstCpuPercent, 2)}%${oneOff}`;
}
