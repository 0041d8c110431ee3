import type { ScannedRun } from '../../analysis/plot-passes.js';
import type { ProcessSummary, RunSummary } from '../../analysis/summary.js';
import { mibValue } from '../../units.js';
import type { Exporter } from './exporter.js';

/** One entry of github-action-benchmark's `customSmallerIsBetter` tool. */
export interface BenchmarkEntry {
  name: string;
  unit: string;
  value: number;
  extra?: string;
}

function largest(run: RunSummary): ProcessSummary | null {
  let best: ProcessSummary | null = null;
  for (const p of run.processes) if (best === null || p.peakBytes > best.peakBytes) best = p;
  return best;
}

function runEntries(run: RunSummary, name: string): BenchmarkEntry[] {
  const entries: BenchmarkEntry[] = [];
  const label = run.runs > 1 ? `${name} (run ${run.run})` : name;
  if (run.peakTotalBytes !== null) {
    const bound = run.peakTotalUpperBoundBytes;
    const extra = [`metric: ${run.metric}`, bound === null ? null : `upper bound: ${mibValue(bound)} MiB`];
    entries.push({
      name: `${label}: peak total`,
      unit: 'MiB',
      value: mibValue(run.peakTotalBytes),
      extra: extra.filter((e) => e !== null).join('\n'),
    });
  }
  const top = largest(run);
  if (top !== null) {
    entries.push({
      name: `${label}: largest process`,
      unit: 'MiB',
      value: mibValue(top.peakBytes),
      extra: `pid ${top.pid ?? 'not recorded'}: ${top.command ?? 'command not recorded'}`,
    });
  }
  return entries;
}

/**
 * github-action-benchmark's `customSmallerIsBetter` JSON: each run's peak total and its largest process's
 * peak, in MiB, named `<name>: peak total` and `<name>: largest process` (`name`: the command line unless
 * given), so the same command is tracked across commits.
 */
export function benchmarkExporter(name: string | null): Exporter {
  return {
    begin: () => '',
    rows: () => null,
    end: (runs: ScannedRun[]) => {
      const entries = runs.flatMap((r) => runEntries(r.summary, name ?? r.summary.command ?? 'memprof'));
      return `${JSON.stringify(entries, null, 2)}\n`;
    },
  };
}
