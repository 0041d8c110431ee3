import { commandLabels } from '../analysis/command-labels.js';
import type { ProcessSummary, RunSummary } from '../analysis/summary.js';

/** Each process's label in the run, told apart from the run's other processes (see `commandLabels`). */
export function processLabels(
  processes: ReadonlyArray<Pick<ProcessSummary, 'key' | 'command'>>,
  width: number,
): Map<string, string> {
  const labels = commandLabels(
    processes.map((p) => p.command),
    width,
  );
  // Set one by one, not from an array of pairs: a run may have 100,000 processes.
  const byKey = new Map<string, string>();
  for (let i = 0; i < processes.length; i++) byKey.set(processes[i]!.key, labels[i]!);
  return byKey;
}

/** One process's label among its run's processes. */
export function processLabel(run: RunSummary, p: ProcessSummary, width: number): string {
  return processLabels(run.processes, width).get(p.key) ?? processLabels([p], width).get(p.key)!;
}
