import { percentChange } from './budget.js';
import type { ProcessSummary, RunSummary } from './summary.js';

/** The processes of one run that share a command line. */
export interface CommandPeak {
  /** The largest peak among them. */
  peakBytes: number;
  count: number;
}

export interface DiffRow {
  command: string;
  a: CommandPeak | null;
  b: CommandPeak | null;
  /** b against a in percent; null when the command is missing on one side. */
  changePercent: number | null;
}

export interface RunDiff {
  a: RunSummary;
  b: RunSummary;
  peakTotal: { a: number | null; b: number | null; changePercent: number | null };
  duration: { a: number; b: number; changePercent: number | null };
  /** One row per command line, the largest peak (of either side) first. */
  rows: DiffRow[];
  notes: string[];
}

/** mprof does not record its children's command lines; they are compared as one group. */
export const UNNAMED_CHILDREN = '(child processes whose command line was not recorded)';

function change(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : percentChange(a, b);
}

/** Peaks per command line: pids differ from run to run, command lines are what match. */
export function peaksByCommand(processes: ProcessSummary[]): Map<string, CommandPeak> {
  const byCommand = new Map<string, CommandPeak>();
  for (const p of processes) {
    const command = p.command?.trim().replace(/\s+/g, ' ') || UNNAMED_CHILDREN;
    const seen = byCommand.get(command);
    if (seen) {
      seen.count++;
      seen.peakBytes = Math.max(seen.peakBytes, p.peakBytes);
    } else {
      byCommand.set(command, { peakBytes: p.peakBytes, count: 1 });
    }
  }
  return byCommand;
}

/** Compare two runs: the peak total, the duration, and each command line's peak, side by side. */
export function diffRuns(a: RunSummary, b: RunSummary): RunDiff {
  const pa = peaksByCommand(a.processes);
  const pb = peaksByCommand(b.processes);
  const commands = [...new Set([...pa.keys(), ...pb.keys()])];
  const rows = commands.map((command): DiffRow => {
    const ra = pa.get(command) ?? null;
    const rb = pb.get(command) ?? null;
    return { command, a: ra, b: rb, changePercent: change(ra?.peakBytes ?? null, rb?.peakBytes ?? null) };
  });
  const size = (r: DiffRow): number => Math.max(r.a?.peakBytes ?? 0, r.b?.peakBytes ?? 0);
  rows.sort((x, y) => size(y) - size(x));
  return {
    a,
    b,
    rows,
    notes: diffNotes(a, b),
    peakTotal: { a: a.peakTotalBytes, b: b.peakTotalBytes, changePercent: change(a.peakTotalBytes, b.peakTotalBytes) },
    duration: {
      a: a.durationSeconds,
      b: b.durationSeconds,
      changePercent: change(a.durationSeconds, b.durationSeconds),
    },
  };
}

function diffNotes(a: RunSummary, b: RunSummary): string[] {
  const notes: string[] = [];
  if (a.metric !== b.metric)
    notes.push(`the recordings measure different things (${a.metric} and ${b.metric}): not like for like`);
  if (a.coversTree !== b.coversTree) notes.push('one total covers the whole tree, the other the main process only');
  return notes;
}

/** The run of a file to compare: its only one, or the one with the highest peak when mprof wrote several. */
export function runToCompare(runs: RunSummary[]): RunSummary {
  return runs.reduce((best, r) => ((r.peakTotalBytes ?? -1) > (best.peakTotalBytes ?? -1) ? r : best));
}
