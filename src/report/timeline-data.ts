import type { Series } from '../format/types.js';
import type { PlotRun } from '../analysis/plot-data.js';
import { NOT_RECORDED } from '../analysis/command-labels.js';
import { programOf } from '../analysis/plot-groups.js';
import { ROOT_CURVE } from '../analysis/plot-plan.js';
import type { HeapRow, ProcessSummary } from '../analysis/summary.js';
import { formatBytes, formatSeconds, MiB } from '../units.js';

/**
 * What the HTML report's timeline and table show of every process, one column per field so that a run of
 * thousands of processes stays small in the page; index k of every column is the k-th process. Times are
 * seconds from the run's start, sizes bytes; `text` holds the same figures as the house formats them.
 */
export interface TimelineData {
  runs: Array<{ run: number; peakAt: number | null }>;
  overlaid: boolean;
  /** Whether any process has heap figures (a probed Node process): the table then has their columns. */
  heap: boolean;
  run: number[];
  pid: Array<number | null>;
  ppid: Array<number | null>;
  /** The parent's index among these processes; -1 for a run's main process. */
  parent: number[];
  command: string[];
  program: string[];
  start: number[];
  end: number[];
  peak: number[];
  hwm: Array<number | null>;
  heapUsed: Array<number | null>;
  heapTotal: Array<number | null>;
  external: Array<number | null>;
  /** 1 when the process was read at the tick of its run's total peak. */
  atPeak: number[];
  text: Record<'start' | 'end' | 'peak' | 'hwm' | 'heapUsed' | 'heapTotal' | 'external', string[]>;
  /** Its coarse curve (see ProcessCurves) as [t, MiB, t, MiB, ...]; empty when none was collected. */
  curve: number[][];
}

const ms = (seconds: number): number => Math.round(seconds * 1000) / 1000;
const mib = (bytes: number): number => Math.round((bytes / MiB) * 1000) / 1000;

function emptyData(runs: PlotRun[]): TimelineData {
  const text = { start: [], end: [], peak: [], hwm: [], heapUsed: [], heapTotal: [], external: [] };
  return {
    runs: runs.map((r) => {
      const peakAt = r.summary.peakTotalAtSeconds;
      return { run: r.run, peakAt: peakAt === null ? null : ms(peakAt) };
    }),
    overlaid: runs.length > 1,
    heap: false,
    ...{ run: [], pid: [], ppid: [], parent: [], command: [], program: [], start: [], end: [], peak: [] },
    ...{ hwm: [], heapUsed: [], heapTotal: [], external: [], atPeak: [], text, curve: [] },
  };
}

/** The processes of every run, main process first, each with its parent and curve. */
export function timelineData(runs: PlotRun[]): TimelineData {
  const data = emptyData(runs);
  for (const run of runs) {
    const kept = run.summary.processes.filter((p) => curveOf(run, p) !== null || !run.processCurves);
    const first = data.pid.length;
    const parents = parentIndices(kept);
    const heaps = new Map((run.summary.node?.processes ?? []).map((h) => [h.key, h]));
    kept.forEach((p, k) => {
      addProcess(data, run, p, parents[k]! < 0 ? -1 : first + parents[k]!, heaps.get(p.key));
    });
  }
  return data;
}

function curveOf(run: PlotRun, p: ProcessSummary): Series | null {
  return run.processCurves?.get(p.isRoot ? ROOT_CURVE : p.key) ?? null;
}

function addProcess(data: TimelineData, run: PlotRun, p: ProcessSummary, parent: number, heap?: HeapRow): void {
  data.run.push(run.run);
  data.pid.push(p.pid);
  data.ppid.push(p.ppid);
  data.parent.push(parent);
  const command = p.command ?? (p.isRoot ? (run.command ?? '') : '');
  data.command.push(command);
  data.program.push(programOf(command) ?? NOT_RECORDED);
  data.start.push(ms(p.startSeconds));
  data.end.push(ms(p.endSeconds));
  data.peak.push(p.peakBytes);
  data.hwm.push(p.hwmBytes);
  data.heapUsed.push(heap?.heapUsedBytes ?? null);
  data.heapTotal.push(heap?.heapTotalBytes ?? null);
  data.external.push(heap?.externalBytes ?? null);
  if (heap) data.heap = true;
  data.atPeak.push(p.atTotalPeakBytes !== null ? 1 : 0);
  const size = (bytes: number | null): string => (bytes === null ? '' : formatBytes(bytes));
  data.text.start.push(formatSeconds(Math.max(0, p.startSeconds)));
  data.text.end.push(formatSeconds(Math.max(0, p.endSeconds)));
  data.text.peak.push(size(p.peakBytes));
  data.text.hwm.push(size(p.hwmBytes));
  data.text.heapUsed.push(size(heap?.heapUsedBytes ?? null));
  data.text.heapTotal.push(size(heap?.heapTotalBytes ?? null));
  data.text.external.push(size(heap?.externalBytes ?? null));
  const curve = curveOf(run, p);
  const flat: number[] = [];
  if (curve) for (let i = 0; i < curve.t.length; i++) flat.push(ms(curve.t[i]!), mib(curve.v[i]!));
  data.curve.push(flat);
}

/**
 * Each process's parent among `processes` (by index; -1 for the first, the main process): the process of
 * its ppid that started last before it (a pid may be reused); a process whose parent was never measured
 * hangs under the main process, of which every recorded process descends. A parent always comes before its
 * child in start order (ties by index), so the tree has no cycle.
 */
export function parentIndices(processes: ProcessSummary[]): number[] {
  const byPid = new Map<number, number[]>();
  processes.forEach((p, k) => {
    if (p.pid === null) return;
    const same = byPid.get(p.pid);
    if (same) same.push(k);
    else byPid.set(p.pid, [k]);
  });
  return processes.map((p, k) => {
    if (k === 0 && p.isRoot) return -1;
    const candidates = (p.ppid === null ? undefined : byPid.get(p.ppid)) ?? [];
    let best = -1;
    for (const c of candidates) {
      if (!before(processes, c, k)) continue;
      if (best < 0 || before(processes, best, c)) best = c;
    }
    return best >= 0 ? best : processes[0]?.isRoot ? 0 : -1;
  });
}

/** Whether process a started before process b (by time, then by place in the list). */
function before(processes: ProcessSummary[], a: number, b: number): boolean {
  const ta = processes[a]!.startSeconds;
  const tb = processes[b]!.startSeconds;
  return ta < tb || (ta === tb && a < b);
}
