import type { Metric } from '../format/types.js';
import { commandLabel } from './command-labels.js';

/** Axis title: the metric and the unit, e.g. `RSS (MiB)`. */
export function metricAxisTitle(metrics: Metric[]): string {
  const names = [...new Set(metrics.map((m) => m.toUpperCase()))];
  return `${names.length > 0 ? names.join('/') : 'RSS'} (MiB)`;
}

/**
 * A command line in a few words for a title or a sentence: the program's base name and its arguments, paths
 * cut to their last part (`/usr/bin/python3 ../workloads/pool.py -n 4` -> `python3 pool.py -n 4`), cut in
 * the middle when too long. Processes listed together get `commandLabels`, which tells them apart.
 */
export function shortCommand(command: string | null, max = 44): string {
  return commandLabel(command, max);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Natural order for pids and labels: `9` before `10`, `200` before `200#2`. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
