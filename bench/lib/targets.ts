import { printTable, verdict } from './table.js';

/** One line of the final summary: a target of the benchmark, what was measured, and whether it is met. */
export interface TargetResult {
  target: string;
  measured: string;
  met: boolean | null;
}

export const targets: TargetResult[] = [];

export function printTargets(): void {
  printTable(
    'Targets',
    ['target', 'measured', 'verdict'],
    targets.map((t) => [t.target, t.measured, verdict(t.met)]),
  );
}
