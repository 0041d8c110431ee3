import type { PlotRun } from '../analysis/plot-data.js';
import { formatSeconds } from '../units.js';
import { chartMarks } from './chart-data.js';

/** The terminal chart's markers: each one's column (of `points`) over the x range, numbered from 1. */
export function asciiMarks(runs: PlotRun[], x: [number, number], points: number): Array<{ col: number; text: string }> {
  const step = (x[1] - x[0]) / Math.max(points - 1, 1);
  return chartMarks(runs, x).map((m, k) => ({
    col: Math.min(Math.max(0, Math.round((m.t - x[0]) / step)), points - 2),
    text: `${k + 1} ${m.label} at ${formatSeconds(m.t)}`,
  }));
}

/** A dotted rule down each marker's column, where no line is drawn. */
export function paintMarks(grid: string[][], marks: Array<{ col: number }>): void {
  for (const { col } of marks) for (const row of grid) if (row[col] === ' ') row[col] = '┊';
}

/** Under the time axis: each marker's number at its column, then one legend line per marker. */
export function markRows(marks: Array<{ col: number; text: string }>, indent: number, points: number): string[] {
  if (marks.length === 0) return [];
  const row = new Array<string>(points).fill(' ');
  marks.forEach((m, k) => {
    const n = String(k + 1);
    for (let i = 0; i < n.length && m.col + i < points; i++) row[m.col + i] = n[i]!;
  });
  return [`${' '.repeat(indent)}${row.join('').trimEnd()}`, ...marks.map((m) => `  ┊ mark ${m.text}`)];
}
