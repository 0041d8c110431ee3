import { commandLabels } from '../analysis/command-labels.js';
import type { ProcessSummary, RunSummary } from '../analysis/summary.js';

/** Each process's label in the run, told apart from the run's other processes (see `commandLabels`). */
export function processLabels(processes: ProcessSummary[], width: number): Map<string, string> {
  const labels = commandLabels(
    processes.map((p) => p.command),
    width,
  );
  return new Map(processes.map((p, i) => [p.key, labels[i]!]));
}

/** One process's label among its run's processes. */
export function processLabel(run: RunSummary, p: ProcessSummary, width: number): string {
  return processLabels(run.processes, width).get(p.key) ?? processLabels([p], width).get(p.key)!;
}
